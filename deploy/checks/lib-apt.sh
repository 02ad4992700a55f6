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

# The real kustomize, for deploy/checks/k8s_manifests.py. Sets and exports K8S_KUSTOMIZE, the command that renders
# a kustomization directory (its last argument), and prints which one it is. In this order:
#   1. K8S_KUSTOMIZE as given;
#   2. `kustomize` on PATH (Debian's package `kustomize`, where the machine's release has it);
#   3. Debian's package `kustomize` unpacked earlier into $FJQ_TOOLS/kustomize (see 5);
#   4. `apt-get install kustomize` when the machine's release has the package;
#   5. otherwise Debian's package from Debian testing (then unstable), fetched with apt-get under a private
#      apt configuration in $FJQ_TOOLS (the system's sources, lists and dpkg database are not touched; no root
#      needed) and unpacked with dpkg-deb into $FJQ_TOOLS/kustomize: one Go binary that needs only libc6 >= 2.34;
#   6. `kubectl kustomize` when kubectl embeds kustomize v4 or later (Debian's own kubernetes-client 1.20 embeds
#      v2.0.3, which cannot render these overlays).
# FJQ_TOOLS defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/fj-quality/tools.
ensure_kustomize() {
  local tools=${FJQ_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/fj-quality/tools}
  local cached="$tools/kustomize/usr/bin/kustomize"
  if [[ -z ${K8S_KUSTOMIZE:-} ]]; then
    if command -v kustomize >/dev/null 2>&1; then K8S_KUSTOMIZE="$(command -v kustomize) build"
    elif [[ -x $cached ]]; then K8S_KUSTOMIZE="$cached build"
    elif [[ $(id -u) == 0 ]] && apt-cache show kustomize >/dev/null 2>&1 && apt_install kustomize; then
      K8S_KUSTOMIZE="$(command -v kustomize) build"
    elif fetch_debian_kustomize "$tools"; then K8S_KUSTOMIZE="$cached build"
    elif command -v kubectl >/dev/null 2>&1 && kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v[4-9]'; then
      K8S_KUSTOMIZE="$(command -v kubectl) kustomize"
    else
      echo "no kustomize: Debian's package kustomize could not be had (see $tools/apt.log), and no kubectl with kustomize v4+" >&2
      return 1
    fi
  fi
  export K8S_KUSTOMIZE
  local bin=${K8S_KUSTOMIZE%% *} version
  if [[ $K8S_KUSTOMIZE == *" kustomize" ]]; then version=$("$bin" version --client 2>/dev/null | grep Kustomize)
  elif [[ -f $(dirname "$bin")/../../PACKAGE ]]; then version="Debian $(<"$(dirname "$bin")/../../PACKAGE")"
  else version=$(dpkg-query -W -f 'Debian ${Package} ${Version}' kustomize 2>/dev/null || "$bin" version 2>/dev/null); fi
  echo "kustomize: $K8S_KUSTOMIZE ($version)"
}

fetch_debian_kustomize() {  # fetch_debian_kustomize TOOLS_DIR: Debian's kustomize package into TOOLS_DIR/kustomize
  local tools=$1 suite deb
  local apt_dir="$tools/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$tools" || return 1
  local opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
              -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Dir::State::status=/dev/null
              -o Acquire::Languages=none -o Debug::NoLocking=true -o APT::Sandbox::User=root)
  for suite in testing unstable; do
    echo "fetching Debian's kustomize package ($suite) into $tools/kustomize" >&2
    echo "deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
      >"$apt_dir/sources.list"
    rm -f "$apt_dir"/kustomize_*.deb
    if apt-get -q "${opts[@]}" update >"$tools/apt.log" 2>&1 &&
       (cd "$apt_dir" && apt-get -q "${opts[@]}" download kustomize) >>"$tools/apt.log" 2>&1; then
      deb=$(find "$apt_dir" -maxdepth 1 -name 'kustomize_*.deb' | head -n1)
      if [[ -n $deb ]] && rm -rf "$tools/kustomize.tmp" && dpkg-deb -x "$deb" "$tools/kustomize.tmp" &&
         "$tools/kustomize.tmp/usr/bin/kustomize" version >/dev/null 2>&1; then
        rm -rf "$tools/kustomize" && mv "$tools/kustomize.tmp" "$tools/kustomize"
        basename "$deb" >"$tools/kustomize/PACKAGE"
        rm -rf "$apt_dir/lists" "$deb"
        return 0
      fi
    fi
  done
  rm -rf "$apt_dir/lists"
  return 1
}
