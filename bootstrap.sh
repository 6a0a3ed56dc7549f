#!/bin/sh
# bootstrap.sh - set up, configure and build mllab on Debian, idempotently.
#
# Installs the Debian packages that are missing (apt-get update first, only
# when something is missing), generates the build system and configures it
# only when needed, then builds with make -j2.  The program is ./mllab.
set -e
cd "$(dirname "$0")"

PACKAGES="build-essential libopenblas-dev libcmocka-dev libcsv-dev libncurses-dev zlib1g-dev
autoconf automake libtool pkg-config tmux dataset-fashion-mnist python3-numpy fortunes"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done
if [ -n "$missing" ]; then
    echo "bootstrap: installing Debian packages:$missing"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# Generate configure and Makefile.in when they are missing or older than
# their sources.
if [ ! -x configure ] || [ ! -f Makefile.in ] || [ configure.ac -nt configure ] \
    || [ Makefile.am -nt Makefile.in ]; then
    echo "bootstrap: autoreconf"
    autoreconf -fi >/dev/null
fi
if [ ! -f config.status ] || [ configure -nt config.status ]; then
    echo "bootstrap: configure"
    ./configure -q
fi
make -s -j2
