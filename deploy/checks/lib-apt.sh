# shellcheck shell=bash
# Sourced by the deploy/checks scripts: install Debian packages on demand, quietly and
# non-interactively, without starting the daemons that some packages ship (prometheus).

apt_install() {  # apt_install PACKAGE...
  if [[ $(id -u) != 0 ]]; then
    echo "missing: $* (install with: sudo apt-get install -y $*)" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d exit 101 = "do not start services" while the package's postinst runs
  local rc_policy=/usr/sbin/policy-rc.d ours=0 rc=0
  if [[ ! -e $rc_policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$rc_policy" && chmod 755 "$rc_policy" && ours=1
  fi
  echo "installing $* (apt-get)" >&2
  if ! apt-get install -y -q --no-install-recommends "$@" >/tmp/fjq-apt-install.log 2>&1; then
    apt-get update -q >/tmp/fjq-apt-update.log 2>&1 || true
    apt-get install -y -q --no-install-recommends "$@" >/tmp/fjq-apt-install.log 2>&1 || rc=1
  fi
  ((ours)) && rm -f "$rc_policy"
  # belt and braces: the Debian prometheus package enables a systemd unit; make sure nothing runs
  if [[ " $* " == *" prometheus "* ]]; then
    if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
      systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
    if [[ -x /etc/init.d/prometheus ]]; then /etc/init.d/prometheus stop >/dev/null 2>&1 || true; fi
  fi
  if ((rc)); then
    echo "apt-get install $* failed; see /tmp/fjq-apt-install.log" >&2
    tail -5 /tmp/fjq-apt-install.log >&2
  fi
  return $rc
}

ensure_cmd() {  # ensure_cmd COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" && command -v "$1" >/dev/null 2>&1
}

ensure_python_yaml() {
  python3 -c 'import yaml' 2>/dev/null && return 0
  apt_install python3-yaml && python3 -c 'import yaml'
}
