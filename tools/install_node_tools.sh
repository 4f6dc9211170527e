#!/usr/bin/env bash
# Node.js packages the course uses, installed from the npm registry into one folder
# (default .venv/node, so nothing lands outside the repository):
#   reveal.js, require.js, jQuery, MathJax 2  local copies that make slides puts beside the decks,
#                                             so a lecture hall without network still shows them;
#   configurable-http-proxy                   JupyterHub's proxy, for the hub test.
# Node.js itself comes from apt when missing and we may (as root); elsewhere a note says which
# tests will be skipped. Runs again only when the package list below changes.
set -eu
PREFIX=${1:-.venv/node}
PACKAGES="configurable-http-proxy@5.3.0 reveal.js@4.6.1 requirejs@2.3.7 jquery@3.7.1 mathjax@2.7.7"
STAMP="$PREFIX/.installed-stamp"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PACKAGES" ]; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Node.js and npm with apt for the offline slides and the hub test..."
        apt-get update -qq || true
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; then
            echo "note: apt could not install nodejs and npm; the offline-slides and JupyterHub"
            echo "      tests will be skipped"
            exit 0
        fi
    else
        echo "note: npm is not installed, so make slides cannot bundle reveal.js and the"
        echo "      offline-slides and JupyterHub tests will be skipped"
        echo "      (install Node.js and npm, e.g. sudo apt-get install nodejs npm)"
        exit 0
    fi
fi
mkdir -p "$PREFIX"
echo "Installing $PACKAGES into $PREFIX ..."
# shellcheck disable=SC2086
if ! npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error $PACKAGES; then
    echo "note: npm could not install $PACKAGES, so make slides cannot bundle reveal.js and the"
    echo "      offline-slides and JupyterHub tests will be skipped"
    exit 0
fi
echo "$PACKAGES" > "$STAMP"
