// Not compiled: what tests/layering/actions_hold_no_argv.sh must refuse (its
// self-test runs it on this folder and expects it to fail).
Result<exec::CommandResult> list_pods(tools::KubectlClient& kubectl, const std::string& ns) {
  // A comment may say `kubectl get pods --namespace NS`; the code below may not.
  log::info("pass --lock-timeout 10m to wait");  // log text is fine
  auto command = kubectl.command({"get", "pods", "--namespace", ns, "--request-timeout=10s"});
  return kubectl.runner().run(command);
}
