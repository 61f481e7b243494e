#!/bin/sh
# The pointer is no part of a picture: F12 (and --screenshot, through the same capture) saves the
# window without hover effects or tooltips. Run under xvfb-run, with xdotool driving the app:
#   no_hover_test.sh GUI CHECK_PNG SCENARIO WORKDIR
# The window is saved twice, once with the pointer on the scrub bar (whose tooltip shows a time)
# and once with it outside the window; the two pictures must be the same, byte for byte.
set -eu
gui=$1 check=$2 scenario=$3 work=$4

shot() {  # NAME X Y: starts the app, points at X,Y, presses F12, waits for the file, closes the app
  dir=$work/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && exec "$gui" "$scenario" --at 12s --size 1280x720 >out.txt) &
  pid=$!
  win=$(xdotool search --sync --onlyvisible --name '^mailsim')
  xdotool windowfocus --sync "$win"
  xdotool mousemove --sync "$2" "$3"
  # Move once more inside the window: the app sleeps while nothing happens, and wakes on motion.
  xdotool mousemove_relative --sync 1 0
  xdotool key --window "$win" F12
  # The app says so once the file is complete (CTest's timeout bounds the wait).
  until grep -q "saved" "$dir/out.txt"; do sleep 0.1; done
  kill "$pid"
  wait "$pid" || true
  ls "$dir"/mailsim-*.png
}

on_bar=$(shot pointer-on-scrub-bar 500 682)
outside=$(shot pointer-outside 1500 850)
"$check" "$on_bar" 1280 720
if ! cmp -s "$on_bar" "$outside"; then
  echo "the picture with the pointer on the scrub bar differs from the one with the pointer outside:"
  echo "  $on_bar"
  echo "  $outside"
  exit 1
fi
echo "same picture with the pointer on the scrub bar and outside the window"
