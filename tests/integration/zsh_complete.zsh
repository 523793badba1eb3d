# zsh -f zsh_complete.zsh FPATH-DIR 'WORDS': what an interactive zsh shows after WORDS and
# two TABs, with the completion function from FPATH-DIR (escape sequences removed).
# Reads until the shell has been quiet for a second (at most 20 s), so a slow machine is fine.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; altinity-deploy() { :; }"
zpty -w -n z "$2"$'\t\t'
local out chunk
integer quiet=0 waited=0
while (( quiet < 10 && waited < 200 )); do
  sleep 0.1
  (( waited++ ))
  if zpty -r -t z chunk; then
    out+=$chunk
    quiet=0
    while zpty -r -t z chunk; do out+=$chunk; done
  elif [[ $out == *$'\t'* || $out == *"$2"* ]]; then
    (( quiet++ ))
  fi
done
zpty -d z
print -r -- "$out" | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/[\r\x07\x08]//g'
