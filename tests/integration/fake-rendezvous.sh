# shellcheck shell=bash
# Sourced by the fake helm and kubectl. FAKE_RENDEZVOUS="PREFIX|PREFIX|...": a call whose logged line
# ("helm history ...", "kubectl get deployment ...") starts with one of the prefixes waits until a
# call for every prefix has started, so the calls pass only when the deployer runs them side by
# side; after 20 s it fails (exit 70) saying so.
rendezvous() {  # rendezvous LOGGED-LINE
  [ -n "${FAKE_RENDEZVOUS:-}" ] || return 0
  local line=$1 dir="${FAKE_STATE:?}/rendezvous" mine="" i deadline
  local -a prefixes
  IFS='|' read -ra prefixes <<<"$FAKE_RENDEZVOUS"
  for i in "${!prefixes[@]}"; do
    case "$line" in "${prefixes[$i]}"*) mine=$i ;; esac
  done
  [ -n "$mine" ] || return 0
  mkdir -p "$dir"
  : > "$dir/$mine"
  deadline=$((SECONDS + 20))
  until [ "$(find "$dir" -type f | wc -l)" -ge "${#prefixes[@]}" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "fake: '$line' waited 20 s for the rest of its batch ($FAKE_RENDEZVOUS): they ran one after another" >&2
      exit 70
    fi
    sleep 0.1
  done
}
