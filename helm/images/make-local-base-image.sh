#!/usr/bin/env bash
# Builds a Java 17 runtime base image as a `docker save`-format tarball, for Jib's `tar://` base,
# from this machine's own JDK: a jlink'ed JRE plus the shared libraries it links against, a
# /tmp and a passwd entry for the non-root user 65532. No registry, no Docker daemon.
#
# It exists because the build machines reach no container registry: the real images (pushed by
# the release workflow) use eclipse-temurin:17-jre instead. This one lets a test run the very
# images Jib builds, here.
#
# Usage: make-local-base-image.sh OUTPUT_TAR
set -euo pipefail

out=${1:?usage: $0 OUTPUT_TAR}
# The base depends only on the JDK: build it once per clean (about 25 s), reuse it after.
if [ -s "$out" ] && [ -z "${FORCE:-}" ]; then
  echo "Base image $out exists (FORCE=1 rebuilds it)"
  exit 0
fi
java_bin=$(readlink -f "$(command -v java)")
java_home=${JAVA_HOME:-$(dirname "$(dirname "$java_bin")")}
jlink=$java_home/bin/jlink
[ -x "$jlink" ] || { echo "No jlink in $java_home (a full JDK is needed, not a JRE)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/opt/java" "$root/tmp" "$root/etc" "$root/proc" "$root/home/nonroot"
chmod 1777 "$root/tmp"

# The modules the scorer and the portal use: Java SE, the HTTP server (scorer health/metrics),
# Unsafe (Kafka, Netty-free but still used by snappy/lz4 and Spring), EC crypto for TLS, JMX.
"$jlink" --add-modules java.se,jdk.httpserver,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.localedata \
  --strip-debug --no-man-pages --no-header-files --output "$root/opt/java/openjdk"

# Every shared library the runtime's binaries and libraries need, from this machine; the
# desktop libraries (X11, sound, splash screen, font rendering) are left out: servers run headless.
find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  -not -name 'libawt_xawt.so' -not -name 'libsplashscreen.so' -not -name 'libjawt.so' \
  -not -name 'libjsound.so' -not -name 'libfontmanager.so' -print0 |
  xargs -0 ldd 2>/dev/null | awk '/=> \//{print $3} /^\s*\/.*ld-linux/{print $1}' | sort -u |
  while read -r lib; do
    # The runtime's own libraries (found through its RPATH) are already in place.
    case "$lib" in "$root"/*) continue ;; esac
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
# The dynamic loader lives at a fixed path that binaries name directly (/lib64 on x86-64).
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  if [ -e "$loader" ]; then mkdir -p "$root$(dirname "$loader")"; cp -L "$loader" "$root$loader"; fi
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"

# A reproducible layer: sorted entries, fixed owner and time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1 -C "$root" -cf "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac

cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"make-local-base-image.sh: jlink JRE from $(basename "$java_home")"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["creditstream-local-base:17"],"Layers":["layer.tar"]}]\n' >"$work/manifest.json"

mkdir -p "$(dirname "$out")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1 -C "$work" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "Base image $out: $(du -h "$out" | cut -f1), layer $diff_id"
