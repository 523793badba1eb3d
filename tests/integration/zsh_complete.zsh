# zsh -f zsh_complete.zsh FPATH-DIR 'WORDS': what an interactive zsh shows after WORDS and
# two TABs, with the completion function from FPATH-DIR (escape sequences removed).
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; altinity-deploy() { :; }"
zpty -w -n z "$2"$'\t\t'
sleep 2
local out chunk
while zpty -r -t z chunk; do out+=$chunk; done
zpty -d z
print -r -- "$out" | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/[\r\x07\x08]//g'
