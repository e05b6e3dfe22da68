#!/bin/sh
# System packages the suite needs beyond Python's: tests/test_ray_up.py runs `ray up` against
# an sshd of its own on 127.0.0.1 (Debian's openssh-server and openssh-client), which copies
# files with rsync, in a PID namespace (unshare, util-linux). `make test` runs this first.
#
# Installs what is missing with apt-get when run as root on Debian/Ubuntu; otherwise says
# what to install and fails. No service is started: sshd is installed, never enabled here
# (a policy-rc.d that refuses starts is in place during the install if none exists).
set -eu

missing=""
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing="$missing openssh-server"
command -v ssh >/dev/null 2>&1 || missing="$missing openssh-client"
command -v ssh-keygen >/dev/null 2>&1 || missing="$missing openssh-client"
command -v rsync >/dev/null 2>&1 || missing="$missing rsync"
command -v unshare >/dev/null 2>&1 || missing="$missing util-linux"
command -v ss >/dev/null 2>&1 || missing="$missing iproute2"
[ -z "$missing" ] && exit 0
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')

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
