#!/usr/bin/env bash
# The root filesystem the image adds to "scratch": a Java runtime jlink'ed from the build's own
# JDK, the shared libraries that runtime loads (found with ldd, copied from the build machine) and
# a few files of /etc. Nothing is downloaded: the build machine's JDK and C library are the
# image's. Arguments: JAVA_HOME of the build, the runtime's modules, the output directory, the
# directory of fixed files (etc/passwd, etc/group, ...).
set -euo pipefail
java_home="$1"
modules="$2"
root="$3"
fixed="$4"

jlink="$java_home/bin/jlink"
if [ ! -x "$jlink" ] || [ ! -d "$java_home/jmods" ]; then
  echo "The container image needs a full JDK with jlink and jmods at $java_home" >&2
  exit 1
fi

rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/app"
"$jlink" --add-modules "$modules" --include-locales=en,ja \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java"

# Debian's JDK links its trust store to /etc/ssl/certs/java/cacerts; the image carries the file.
cacerts="$java_home/lib/security/cacerts"
if [ -e "$cacerts" ]; then
  rm -f "$root/opt/java/lib/security/cacerts"
  cp -L "$cacerts" "$root/opt/java/lib/security/cacerts"
fi

# No display in a container: drop the AWT libraries that would pull X11 in (the service is
# headless; java.beans and headless imaging still work).
rm -f "$root"/opt/java/lib/libawt_xawt.so "$root"/opt/java/lib/libsplashscreen.so \
  "$root"/opt/java/lib/libjawt.so "$root"/opt/java/lib/libjsound.so

# Every shared library the launcher and the runtime's own libraries need, at the path the loader
# looks for it (libjvm.so is found in the runtime itself, as the launcher does). ldd's "=> /path" lines and the loader's own absolute line.
copy_lib() {
  local lib="$1"
  # The runtime's own libraries are in the image already.
  case "$lib" in "$root"/*) return 0 ;; esac
  [ -e "$root$lib" ] && return 0
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
}
missing=0
while IFS= read -r object; do
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in
      *"=> not found"*)
        echo "missing library for $object: $line" >&2
        missing=1
        ;;
      *"=> /"*)
        copy_lib "$(echo "$line" | sed -E 's/.*=> (\/[^ ]+) .*/\1/')"
        ;;
      /*)
        copy_lib "$(echo "$line" | awk '{print $1}')"
        ;;
    esac
  done < <(LD_LIBRARY_PATH="$root/opt/java/lib:$root/opt/java/lib/server" ldd "$object" 2>/dev/null || true)
done < <(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
if [ "$missing" -ne 0 ]; then
  echo "The runtime needs libraries the build machine does not have" >&2
  exit 1
fi

cp -R "$fixed"/. "$root"/
echo "Image root assembled in $root ($(du -sh "$root" | cut -f1))"
