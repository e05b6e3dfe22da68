#!/bin/sh
# System packages the suite needs beyond Python's: tests/test_ray_up.py runs `ray up` against
# an sshd of its own on 127.0.0.1 (Debian's openssh-server and openssh-client), which copies
# files with rsync, in a PID namespace (unshare, util-linux); tests/browser drives Debian's
# chromium with Playwright (headless, 127.0.0.1 only). `make test` runs this first.
#
# Installs what is missing with apt-get when run as root on Debian/Ubuntu; otherwise says
# what to install and fails. No service is started: sshd is installed, never enabled here
# (a policy-rc.d that refuses starts is in place during the install if none exists).
set -eu

missing=""
need() {  # need COMMAND PACKAGE: PACKAGE is missing unless COMMAND is found
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
        case " $missing " in *" $2 "*) ;; *) missing="$missing $2" ;; esac
    fi
}
need sshd openssh-server
need ssh openssh-client
need ssh-keygen openssh-client
need rsync rsync
need unshare util-linux
need ss iproute2
need chromium chromium
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "tests need system packages:$missing" >&2
    echo "install them (Debian/Ubuntu: sudo apt-get install -y$missing) and run again" >&2
    exit 1
fi

echo "installing system packages for the tests:$missing" >&2
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then  # no service may start while packages install
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && made_policy=1
fi
trap 'if [ -n "$made_policy" ]; then rm -f "$policy"; fi' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
