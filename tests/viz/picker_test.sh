#!/bin/sh
# The lesson picker, driven from the keyboard as a teacher would (run under xvfb-run, xdotool types):
#   picker_test.sh GUI BAD_SCENARIO WORKDIR
# Started without a file, the app opens on the picker: End, Enter opens the last lesson. Ctrl+O
# opens the picker over it, Ctrl+O again goes to the path field, a broken file's path and Enter
# leave the lesson on show (the picker says why); Esc, Esc close it; Ctrl+O, Home, Enter open the
# first lesson. Each wait is for something the app shows (a window title, "saved" after F12), with
# CTest's timeout as the bound.
set -eu
gui=$1 bad=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$gui" --size 1280x720 >out.txt 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

title() { xdotool getwindowname "$win"; }
# F12 saves a picture once the frame with the keys before it was drawn: a sign they were handled.
shots=0
settle() {
  shots=$((shots + 1))
  xdotool key F12
  until [ "$(grep -c saved out.txt)" -ge "$shots" ]; do sleep 0.1; done
}

win=$(xdotool search --sync --onlyvisible --name '^mailsim$')
xdotool mousemove --sync 640 360  # the keyboard goes to the window under the pointer
xdotool key End
xdotool key Return
xdotool search --sync --name 'Unknown user' >/dev/null
echo "start screen, End, Enter: $(title)"

xdotool key ctrl+o
settle
xdotool key ctrl+o
settle
xdotool type "$bad"
xdotool key Return
settle
case $(title) in
  *"Unknown user"*) echo "a broken file chosen: still $(title)" ;;
  *) echo "a broken file replaced the lesson on show: $(title)"; exit 1 ;;
esac
kill -0 $pid

xdotool key Escape
xdotool key Escape
settle
xdotool key ctrl+o
settle
xdotool key Home
xdotool key Return
xdotool search --sync --name 'authentication server' >/dev/null  # auth-server.json, first by name
echo "Ctrl+O, Home, Enter: $(title)"
