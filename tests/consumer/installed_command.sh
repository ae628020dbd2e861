#!/usr/bin/env bash
# The byline command as `cmake --install` left it in a prefix, used from
# there: it runs and says its version, indexes the seed corpus and finds a
# phrase in it, shows the query language; its man pages are where man looks
# and render without a warning; bash loads its completion and completes with
# it; zsh and fish read theirs, where they are installed.
# Usage: installed_command.sh PREFIX CORPUS WORK_DIR VERSION BINDIR MANDIR DATAROOTDIR
# (the last three relative to PREFIX, as GNUInstallDirs names them).
set -euo pipefail
prefix=$1 corpus=$2 work=$3 version=$4 bindir=$5 mandir=$6 datarootdir=$7
byline=$prefix/$bindir/byline
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "installed_command.sh: $*" >&2
  exit 1
}

# The command.
said=$("$byline" --version)
[ "$said" = "byline $version" ] || fail "byline --version says '$said', not 'byline $version'"
"$byline" index --quiet --index "$work/index" "$corpus"
found=$("$byline" search --index "$work/index" --json '"dirty hands"')
case "$found" in
  *'"total":3'*) ;;
  *) fail "search \"dirty hands\" in the corpus did not find its 3 articles: $found" ;;
esac
query_language=$("$byline" help query)
[ "${query_language%%$'\n'*}" = "The byline query language" ] ||
  fail "byline help query does not show the query language: ${query_language:0:200}"
echo "byline $version: indexed $corpus, found the phrase"

# The man pages: each renders, with man when it is installed (as a user reads
# it), else with groff, else at least has its header and sections.
for page in man1/byline.1 man7/byline-query.7; do
  file=$prefix/$mandir/$page
  [ -s "$file" ] || fail "$mandir/$page was not installed"
  name=$(basename "$file")
  name=${name%.*}
  if command -v man >/dev/null; then
    # By name, from the prefix's man folder: the page is in its section's.
    section=${page:3:1}
    rendered=$(MANWIDTH=80 MANPAGER=cat man -M "$prefix/$mandir" "$section" "$name" 2>"$work/man.err")
    ! grep -qi 'warning\|error' "$work/man.err" || fail "man $name: $(cat "$work/man.err")"
    how="man"
  elif command -v groff >/dev/null; then
    rendered=$(groff -k -t -man -Tutf8 -ww "$file" 2>"$work/man.err")
    [ ! -s "$work/man.err" ] || fail "groff $name: $(cat "$work/man.err")"
    how="groff"
  else
    rendered=$(cat "$file")
    how="its roff only (neither man nor groff is installed)"
  fi
  grep -q "^\.TH ${name^^} ${page:3:1} " "$file" || fail "$page has no .TH header"
  for section in NAME DESCRIPTION 'SEE ALSO'; do
    grep -q "^\.SH $section\$" "$file" || fail "$page has no $section section"
  done
  case "$rendered" in
    *NAME*"$name"*) ;;
    *) fail "$page did not render: $rendered" ;;
  esac
  echo "$page: renders ($how)"
done

# bash: the completion loads, is bound to byline, and completes a command.
bash_completion=$prefix/$datarootdir/bash-completion/completions/byline
bound=$(bash -c 'source "$1" && complete -p byline' _ "$bash_completion")
[ "$bound" = "complete -F _byline byline" ] || fail "bash completion: complete -p byline says '$bound'"
completed=$(bash -c 'source "$1"; COMP_WORDS=(byline sea); COMP_CWORD=1; _byline; echo "${COMPREPLY[*]}"' \
  _ "$bash_completion")
[ "$completed" = "search" ] || fail "bash completes 'byline sea' as '$completed'"
echo "bash completion: $bound"

# zsh and fish: their scripts are installed, and parse where the shell is.
for file in zsh/site-functions/_byline fish/vendor_completions.d/byline.fish; do
  [ -s "$prefix/$datarootdir/$file" ] || fail "$datarootdir/$file was not installed"
  shell=${file%%/*}
  if command -v "$shell" >/dev/null; then
    "$shell" -n "$prefix/$datarootdir/$file" || fail "$shell cannot read $file"
    echo "$shell completion: parses"
  else
    echo "$shell completion: installed ($shell is not, to check it)"
  fi
done
