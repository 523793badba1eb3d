// Manifests that are not what they seem: special files, huge files, merge
// keys that would slip past the checks, keys of megabytes.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "altinity_deploy/manifest/manifest_loader.hpp"
#include "altinity_deploy/manifest/spelling.hpp"

namespace altinity_deploy::manifest {
namespace {

using Lines = std::vector<std::string>;

const std::string kHeader =
    "apiVersion: kubernetes.project-planton.org/v1\n"
    "kind: AltinityOperatorKubernetes\n"
    "metadata:\n"
    "  name: altinity-operator-prod\n";

Lines lines(const LoadResult& result) {
  Lines out;
  for (const Diagnostic& d : result.diagnostics) out.push_back(d.format("m.yaml"));
  return out;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "manifest-hostile-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

const std::string kRefusedHint = "; pass the path of a regular YAML file of at most 1 MiB";

TEST(ManifestHostileInput, AFifoIsRefusedWithoutWaitingForAWriter) {
  ScratchDir dir;
  const std::string fifo = dir.file("manifest.yaml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(lines(load_manifest_file(fifo)),
            Lines{"m.yaml: is a FIFO (named pipe), not a manifest file" + kRefusedHint});
}

TEST(ManifestHostileInput, DevicesAreRefused) {
  EXPECT_EQ(lines(load_manifest_file("/dev/zero")),
            Lines{"m.yaml: is a character device, not a manifest file" + kRefusedHint});
}

TEST(ManifestHostileInput, ASocketIsRefused) {
  ScratchDir dir;
  const std::string path = dir.file("s");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  std::copy(path.begin(), path.end(), address.sun_path);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(lines(load_manifest_file(path)), Lines{"m.yaml: is a socket, not a manifest file" + kRefusedHint});
  ::close(fd);
}

TEST(ManifestHostileInput, AFileOverOneMebibyteIsRefused) {
  ScratchDir dir;
  const std::string path = dir.file("big.yaml");
  std::string text = kHeader + "# " + std::string(kMaxManifestBytes, 'x') + "\n";
  write(path, text);
  EXPECT_EQ(lines(load_manifest_file(path)),
            Lines{"m.yaml: is " + std::to_string(text.size()) +
                  " bytes, more than the 1048576 bytes (1 MiB) a manifest may hold" + kRefusedHint});
  text.resize(kMaxManifestBytes - 1);
  text += "\n";
  write(path, text);
  EXPECT_TRUE(load_manifest_file(path).spec.has_value()) << "exactly 1 MiB is accepted";
}

TEST(ManifestHostileInput, AMergeKeyCannotSlipPastTheValuesCheck) {
  EXPECT_EQ(lines(load_manifest_text(kHeader + "spec:\n  values:\n    <<: {namespaceOverride: kube-system}\n")),
            Lines{"m.yaml:7:29: spec.values.namespaceOverride: contradicts spec.namespace (kube-system vs "
                  "altinity-operator); set it in one place"});
  // The message points at where the merged value was written.
  EXPECT_EQ(lines(load_manifest_text(kHeader + "spec:\n  values:\n    base: &o {createCRD: false}\n"
                                               "    operator:\n      <<: *o\n")),
            Lines{"m.yaml:7:26: spec.values.operator.createCRD: contradicts spec.createCrds (false vs true); set it in "
                  "one place"});
}

TEST(ManifestHostileInput, MergeKeysReachTheTypedFields) {
  const LoadResult result = load_manifest_text(kHeader + "spec:\n  <<: {namespace: from-merge}\n");
  ASSERT_TRUE(result.spec.has_value()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
  EXPECT_EQ(result.spec->namespace_name, "from-merge");
}

TEST(ManifestHostileInput, AHugeUnknownKeyGetsNoSpellingHintQuickly) {
  const std::string key(2'000'000, 'n');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(nearest(key, {"name", "namespace", "labels"}).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  EXPECT_EQ(nearest("nmae", {"name", "namespace"}), "name") << "a typo still gets its hint";
}

}  // namespace
}  // namespace altinity_deploy::manifest
