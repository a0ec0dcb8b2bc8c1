#!/bin/bash
# Builds the local image catalog without a Docker engine: root filesystems -> layer tars -> manifests written straight
# into the registry storage that every lab environment's registry serves (read-only) as the hosts' Docker Hub mirror.
# Layers and images are cached by the hash of their recipe; FORCE=1 rebuilds. Progress goes to stdout ("==> ...").
# Debian-based images share one base layer (mmdebstrap minbase), so a host pulls it once.
set -euo pipefail
# The build runs in a mount namespace of its own: what it mounts (the work tmpfs, chroots' overlays) goes with it, also
# when it is killed.
if [ -z "${LABSPECS_CATALOG_BUILD_NS:-}" ]; then
    exec env LABSPECS_CATALOG_BUILD_NS=1 unshare --mount --propagation private bash "${BASH_SOURCE[0]}" "$@"
fi
STORE=${LABSPECS_IMAGE_STORE:-/var/lib/labspecs/images}
FORCE=${FORCE:-0}
ONLY=${ONLY:-}                                   # e.g. ONLY="busybox whoami"; PRUNE=1 deletes layers no recipe uses
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
REG=$STORE/registry; LAYERS=$STORE/layers; DONE=$STORE/done; WORK=$STORE/work
mkdir -p "$REG" "$LAYERS" "$DONE" "$WORK"
exec 9>"$STORE/.build.lock"                         # one builder at a time on this machine
flock -n 9 || { printf "==> waiting for another catalog build on this machine to finish\n"; flock 9; }
# Root filesystems are built in memory (BUILD_IN_MEMORY=0: on disk, in $WORK): a build creates and replaces ~40,000 files
# (dpkg unpacks, then replaces what mmdebstrap extracted) and only the finished layers are kept. On an ext4 without
# a journal every new inode is checked against recently deleted ones, and a build spent much of its CPU finding free
# inodes (README "What each change bought"). Left-overs of a killed build (before builds ran in memory) are removed first.
rm -rf "$WORK"; mkdir -p "$WORK"
[ "${BUILD_IN_MEMORY:-1}" = 0 ] || mount -t tmpfs -o mode=0700 labspecs-catalog-work "$WORK"
step() { printf '==> [%(%H:%M:%S)T] %s\n' -1 "$*"; }
hash_of() { sha256sum | cut -c1-16; }
USED=" "; USED_IMAGES=" "

# ---- layers: LAYER=<key> after make_layer; a layer is a deterministic tar plus its digest ----
# Layers are stored and served UNCOMPRESSED (media type ...rootfs.diff.tar): on a lab host a pull is then a copy plus an
# untar, with no gunzip (see src/Environments/README.md "Images"). The registry runs on
# the same machine, so the bytes never cross a real network and compression buys nothing.
layer_file() { echo "$LAYERS/$1.layer.tar"; }
pack_layer() { # key dir
    local key=$1 dir=$2 f; f=$(layer_file "$1")
    # pax headers (from --xattrs) would carry atime/ctime and a PID: dropped, so the same files give the same digest
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --xattrs --xattrs-include='security.capability' \
        --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$dir" -cf "$f.tmp" .
    sha256sum <"$f.tmp" | cut -d' ' -f1 >"$LAYERS/$key.digest"
    mv -f "$f.tmp" "$f"
}
have_layer() { [ "$FORCE" = 0 ] && [ -f "$(layer_file "$1")" ] && [ -f "$LAYERS/$1.digest" ] && [ -d "$UNPACKED/$(cat "$LAYERS/$1.digest")" ]; }

# Every layer is also kept unpacked, as Docker's overlay2 driver stores a layer (whiteouts as 0/0 character devices):
# hosts get these seeded into their layer store (Embedded/LayerSeed.cs), so pulling a catalog image transfers no layer.
UNPACKED=$STORE/unpacked; mkdir -p "$UNPACKED/images"
keep_unpacked() { # key dir(overlay format): moved (KEEP=1: copied, hard-linked on one filesystem) to UNPACKED/<digest>;
                  # read-only from then on
    local digest; digest=$(cat "$LAYERS/$1.digest")
    rm -rf "$UNPACKED/.tmp-$1"
    if [ "${KEEP:-0}" = 1 ]; then
        cp -al "$2" "$UNPACKED/.tmp-$1" 2>/dev/null || { rm -rf "$UNPACKED/.tmp-$1"; cp -a "$2" "$UNPACKED/.tmp-$1"; }
    else
        mv "$2" "$UNPACKED/.tmp-$1"
    fi
    du -s --apparent-size -B1 "$UNPACKED/.tmp-$1" | cut -f1 >"$UNPACKED/.tmp-$1.size"
    rm -rf "$UNPACKED/$digest"; mv "$UNPACKED/.tmp-$1.size" "$UNPACKED/$digest.size"; mv "$UNPACKED/.tmp-$1" "$UNPACKED/$digest"
}

# overlay whiteouts (0/0 char devices) become OCI whiteouts (.wh.NAME); opaque dirs get .wh..wh..opq
# (no process per file or directory: one find, one getfattr for the whole tree)
convert_whiteouts() {
    local dir=$1 f line
    while IFS= read -r -d '' f; do rm -f "$f"; : >"${f%/*}/.wh.${f##*/}"; done < <(find "$dir" -type c -print0)
    command -v getfattr >/dev/null || { echo "getfattr is missing (package attr): run install-prerequisites.sh" >&2; return 1; }
    while IFS= read -r line; do
        case $line in "# file: "*) f=${line#"# file: "} ;; 'trusted.overlay.opaque="y"') : >"$f/.wh..wh..opq" ;; esac
    done < <(getfattr -R -P --absolute-names -n trusted.overlay.opaque "$dir" 2>/dev/null || true)
    return 0
}

base_key() { { echo bookworm-minbase-mmdebstrap-v2; echo "$MIRROR"; } | hash_of; }
build_base() { # BASE_ROOTFS: the base's root filesystem, which the apt layers install over
    local key; key=base-$(base_key)
    BASE_LAYER=$key; USED="$USED$key "
    # a cached base is its unpacked layer (the same tree the layer tar was packed from)
    if have_layer "$key"; then BASE_ROOTFS=$UNPACKED/$(cat "$LAYERS/$key.digest"); return; fi
    BASE_ROOTFS=$WORK/base-rootfs
    step "debian base: mmdebstrap bookworm minbase (first build only)"
    rm -rf "$STORE/base"; mkdir -p "$STORE/base"
    # mmdebstrap, not debootstrap: the same packages (Essential + apt, merged /usr without the usrmerge package) in half
    # the CPU time and a third of the wall time - apt resolves and downloads, and dpkg runs without fsync (eatmydata,
    # fetched into the target and removed again by mmdebstrap's hook; force-unsafe-io). Its own mount namespace: the
    # /proc and /dev it mounts in the target go with it, also when the build is killed.
    unshare --mount --propagation private mmdebstrap --variant=minbase --mode=root \
        --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
        --dpkgopt=force-unsafe-io --skip=cleanup/apt/lists \
        bookworm "$BASE_ROOTFS" "$MIRROR" >"$STORE/base/mmdebstrap.log" 2>&1 \
        || { tail -20 "$STORE/base/mmdebstrap.log"; exit 1; }
    # Docker Hub's debian image carries the same dpkg setting under this name (debuerreotype's docker-apt-speedup)
    mv "$BASE_ROOTFS/etc/dpkg/dpkg.cfg.d/99mmdebstrap" "$BASE_ROOTFS/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    # the package lists mmdebstrap fetched serve the apt layers below (no second apt-get update)
    mkdir -p "$STORE/apt-lists"
    find "$BASE_ROOTFS/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -exec cp -t "$STORE/apt-lists" {} +
    touch "$STORE/apt-lists"/*
    printf '#!/bin/sh\nexit 101\n' >"$BASE_ROOTFS/usr/sbin/policy-rc.d"; chmod +x "$BASE_ROOTFS/usr/sbin/policy-rc.d"
    rm -rf "$BASE_ROOTFS"/var/cache/apt/archives/*.deb "$BASE_ROOTFS"/var/lib/apt/lists/* "$BASE_ROOTFS"/var/log/* "$BASE_ROOTFS"/usr/share/doc/* "$BASE_ROOTFS"/usr/share/man/*
    # packed in the background while the apt layers install over the same (from now on unchanged) root filesystem: the
    # packing is one core's work (tar, sha256) and mmdebstrap left the second core mostly idle; images wait for it
    step "debian base: packing layer (in the background)"
    ( pack_layer "$key" "$BASE_ROOTFS" && KEEP=1 keep_unpacked "$key" "$BASE_ROOTFS" ) &
    BASE_PACKING=$!
}
base_layer_packed() {
    [ -n "${BASE_PACKING:-}" ] || return 0
    wait "$BASE_PACKING" || { echo "packing the debian base layer failed"; exit 1; }
    BASE_PACKING=
}

# apt layer on top of the base: LAYER=<key>; packages installed in a chroot over an overlay, the upper dir is the layer
apt_key() { echo "apt-$1-$( { echo "$BASE_LAYER"; shift; echo "$*"; echo "${APT_TRIM:-}"; echo "${APT_PRE:-}"; echo v4; } | hash_of)"; }
apt_layer() { # name packages...   (DOWNLOAD_ONLY=1: only fetch the packages into the shared archive; APT_OPTS: more apt options;
              #  APT_TRIM: paths dpkg does not unpack; APT_PRE: a command run in the chroot before the install)
    local name=$1; shift
    local key; key=$(apt_key "$name" "$@")
    LAYER=$key; USED="$USED$key "
    [ "${DOWNLOAD_ONLY:-0}" = 1 ] || ! have_layer "$key" || return 0
    step "$name: apt-get install ${DOWNLOAD_ONLY:+--download-only }$* (in a chroot over the base)"
    local w=$WORK/$name; rm -rf "$w"; mkdir -p "$w"/{upper,work,merged} "$STORE/apt-lists" "$STORE/apt-archives" "$STORE/apt-cache/archives"
    # /var/cache/apt is shared by every chroot: apt's binary cache of the 50 MB package lists (pkgcache.bin, ~1.5 CPU-s to
    # build) is built once, by the first apt run over the base, and read by the others - read-only while installs run at
    # once (APT_CACHE_RO=1: a cache apt finds stale is then built in memory, never written under another install).
    unshare --mount --propagation private /bin/sh -ec "
        mount -t overlay overlay -o lowerdir=$BASE_ROOTFS,upperdir=$w/upper,workdir=$w/work $w/merged
        mount -t proc proc $w/merged/proc
        mount --bind /dev $w/merged/dev
        mount --bind $STORE/apt-lists $w/merged/var/lib/apt/lists
        mount --bind $STORE/apt-cache $w/merged/var/cache/apt
        ${APT_CACHE_RO:+mount -o remount,bind,ro $w/merged/var/cache/apt}
        mount --bind $STORE/apt-archives $w/merged/var/cache/apt/archives
        cp /etc/resolv.conf $w/merged/etc/resolv.conf
        # written only when it differs from the base's (mmdebstrap wrote the same line): a newer sources.list makes apt
        # throw the shared binary cache away
        grep -qxF 'deb $MIRROR bookworm main' $w/merged/etc/apt/sources.list || echo 'deb $MIRROR bookworm main' > $w/merged/etc/apt/sources.list
        [ -n \"\$(find $STORE/apt-lists -maxdepth 1 -name '*Packages*' -mmin -600)\" ] || chroot $w/merged apt-get update -qq
        # what the layer drops anyway is never unpacked (dpkg path-exclude): less to write, nothing else changes
        ( set -f; for t in /usr/share/doc /usr/share/man /usr/share/locale ${APT_TRIM:-}; do t=/\${t#/}; echo \"path-exclude=\$t\"; echo \"path-exclude=\$t/*\"; done ) >$w/merged/etc/dpkg/dpkg.cfg.d/labspecs-trim
        ${APT_PRE:+chroot $w/merged /bin/sh -ec '$APT_PRE'}
        DEBIAN_FRONTEND=noninteractive chroot $w/merged apt-get install -y -qq --no-install-recommends ${APT_OPTS:-} ${DOWNLOAD_ONLY:+--download-only} $* >$w/apt.log 2>&1 || { tail -20 $w/apt.log; exit 1; }
        rm -f $w/merged/etc/resolv.conf $w/merged/etc/dpkg/dpkg.cfg.d/labspecs-trim
        for t in ${APT_TRIM:-}; do rm -rf $w/merged/\$t; done
        rm -rf $w/merged/usr/share/doc/* $w/merged/usr/share/man/* $w/merged/usr/share/locale/* $w/merged/var/log/apt $w/merged/var/log/dpkg.log $w/merged/var/cache/debconf/*-old
    "
    if [ "${DOWNLOAD_ONLY:-0}" = 1 ]; then rm -rf "$w"; return; fi
    # the bind-mounted apt dirs leave empty mount points in upper; they exist in the base already
    rmdir "$w/upper/var/lib/apt/lists" "$w/upper/var/cache/apt/archives" "$w/upper/var/cache/apt" 2>/dev/null || true
    # the OCI tar needs .wh. files, the unpacked copy keeps overlay's own whiteouts: convert a hard-linked copy
    cp -al "$w/upper" "$w/oci"
    convert_whiteouts "$w/oci"
    step "$name: packing layer"
    pack_layer "$key" "$w/oci"
    keep_unpacked "$key" "$w/upper"
    rm -rf "$w"
}

# The apt layers that are not cached, built at once: one download of all their packages into the shared archive, then
# one chroot install per layer in parallel (installs read the archive only, so apt's locks are off). Specs: "name|packages|trim|pre".
# The recipes below then call apt_layer as usual and find each layer cached. PARALLEL=0 builds them one after another.
apt_layers_at_once() {
    [ "${PARALLEL:-1}" = 1 ] || return 0
    local spec name pkgs trim pre todo=() all="" pids=() failed=0
    for spec in "$@"; do
        IFS='|' read -r name pkgs trim pre <<<"$spec"
        wanted_layer "$name" || continue
        # shellcheck disable=SC2086
        APT_TRIM=$trim APT_PRE=$pre have_layer "$(APT_TRIM=$trim APT_PRE=$pre apt_key "$name" $pkgs)" || { todo+=("$spec"); all="$all $pkgs"; }
    done
    [ ${#todo[@]} -gt 1 ] || return 0
    # shellcheck disable=SC2086
    DOWNLOAD_ONLY=1 apt_layer all-packages $all >/dev/null
    for spec in "${todo[@]}"; do
        IFS='|' read -r name pkgs trim pre <<<"$spec"
        # shellcheck disable=SC2086
        ( APT_TRIM=$trim APT_PRE=$pre APT_OPTS="-o Debug::NoLocking=true" APT_CACHE_RO=1 apt_layer "$name" $pkgs ) & pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || failed=1; done
    [ "$failed" = 0 ] || { echo "an apt layer failed (see above)"; exit 1; }
}

# files layer from a directory prepared by a function: files_layer name fn
files_layer() {
    local name=$1 fn=$2
    local key; key=files-$name-$(declare -f "$fn" | hash_of)
    LAYER=$key; USED="$USED$key "
    have_layer "$key" && return
    local d=$WORK/files-$name; rm -rf "$d"; mkdir -p "$d"
    "$fn" "$d"
    pack_layer "$key" "$d"
    keep_unpacked "$key" "$d"
}

# ---- registry storage, written directly (the layout docker-registry's filesystem driver reads; no push, no copy) ----
V2=$REG/docker/registry/v2
# Publishing runs few processes (process starts dominated it; README "What each change bought"): JSON is written by printf where its form
# is fixed, links are read and written by the shell, directories made in one mkdir.
put_blob() { # digest file: hard link (layers, configs, manifests) into the blob store; the name appears complete
    local d=$V2/blobs/sha256/${1:0:2}/$1
    [ -f "$d/data" ] && return
    mkdir -p "$d"
    ln "$2" "$d/data" 2>/dev/null || { cp "$2" "$d/data.tmp" && mv -f "$d/data.tmp" "$d/data"; }
}
put_links() { # "dir|digest"...: dir/link names sha256:<digest>
    local p dir want cur dirs=()
    for p in "$@"; do dirs+=("${p%|*}"); done
    mkdir -p "${dirs[@]}"
    for p in "$@"; do
        dir=${p%|*}; want=sha256:${p##*|}; cur=
        if [ -f "$dir/link" ]; then
            read -r cur <"$dir/link" || true
            [ "$cur" = "$want" ] && continue
            printf '%s' "$want" >"$dir/link.tmp"; mv -f "$dir/link.tmp" "$dir/link"   # a tag that moves: old or new, never empty
        else
            printf '%s' "$want" >"$dir/link"                                         # a new name: nobody asked for it yet
        fi
    done
}

# ---- image = layers + config, published under one or more names: image "names" config-json layer-keys... ----
image() {
    local names=$1 config=$2; shift 2
    local key; key=$( { echo "$names"; echo "$config"; echo "$*"; echo v3-raw; } | hash_of)
    USED_IMAGES="$USED_IMAGES$key "
    local l digest digests=() files=() sizes=()
    for l in "$@"; do read -r digest <"$LAYERS/$l.digest"; digests+=("$digest"); files+=("$(layer_file "$l")"); done
    printf '%s\t%s\n' "$names" "${digests[*]}" >"$UNPACKED/images/$key.tmp"; mv "$UNPACKED/images/$key.tmp" "$UNPACKED/images/$key"
    if [ "$FORCE" = 0 ] && [ -f "$DONE/$key" ]; then step "$names: cached"; return; fi
    local t=$WORK/image; rm -rf "$t"; mkdir -p "$t"
    mapfile -t sizes < <(stat -c %s "${files[@]}")
    local layers_json="" diffids="" i
    for i in "${!digests[@]}"; do
        put_blob "${digests[$i]}" "${files[$i]}"
        layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar\",\"digest\":\"sha256:${digests[$i]}\",\"size\":${sizes[$i]}}"
        diffids+="${diffids:+,}\"sha256:${digests[$i]}\""
    done
    jq -c -n --argjson c "$config" --argjson ids "[$diffids]" \
        '{architecture:"amd64",os:"linux",created:"1970-01-01T00:00:00Z",config:$c,rootfs:{type:"layers",diff_ids:$ids}}' >"$t/config"
    local cd cs md; read -r cd _ < <(sha256sum "$t/config"); cs=$(stat -c %s "$t/config")
    printf '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}\n' \
        "$cd" "$cs" "$layers_json" >"$t/manifest"
    read -r md _ < <(sha256sum "$t/manifest")
    put_blob "$cd" "$t/config"; put_blob "$md" "$t/manifest"
    local n r tag links=()
    for n in $names; do
        step "$n: publishing in the catalog registry"
        r=$V2/repositories/${n%:*}; tag=${n##*:}
        for digest in "${digests[@]}" "$cd"; do links+=("$r/_layers/sha256/$digest|$digest"); done
        links+=("$r/_manifests/revisions/sha256/$md|$md" "$r/_manifests/tags/$tag/index/sha256/$md|$md" "$r/_manifests/tags/$tag/current|$md")
    done
    put_links "${links[@]}"
    rm -rf "$t"
    : >"$DONE/$key"
}
wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }
wanted_layer() { # an apt layer is wanted when an image using it is
    case $1 in flask) wanted python || wanted flask-demo ;; *) wanted "$1" ;; esac
}

# ---- recipes ----
busybox_files() { # busybox-static with its applet links, FROM scratch style
    mkdir -p "$1/bin" "$1/etc" "$1/tmp" "$1/root" "$1/var/www"
    cp /bin/busybox "$1/bin/busybox"
    for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$1/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$1/etc/group"
    chmod 1777 "$1/tmp"
}
whoami_files() { # answers "I'm <hostname>" on port 8000, like jwilder/whoami
    mkdir -p "$1/www/cgi-bin"
    cat >"$1/whoami.sh" <<'EOF'
#!/bin/sh
echo "I'm $(hostname)" > /www/index.html
echo "Listening on :8000"
exec httpd -f -v -p 8000 -h /www
EOF
    chmod +x "$1/whoami.sh"
}
flask_demo_files() { # the handbook's flask+redis app (kubernetes-101/Docker); VERSION 1.0 answers without the hostname
    mkdir -p "$1/app"
    for v in 1.0 2.0; do
        if [ $v = 1.0 ]; then tail='times.'; args=''; else tail='times and my hostname is %s.'; args=', socket.gethostname()'; fi
        cat >"$1/app/app-$v.py" <<EOF
import os
import socket
from flask import Flask
from redis import Redis

app = Flask(__name__)
redis = Redis(host=os.environ.get('REDIS_HOST', 'redis'), port=6379)


@app.route('/')
def hello():
    redis.incr('hits')
    return 'Hello Container World! I have been seen %s $tail\n' % (redis.get('hits').decode()$args)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
EOF
    done
}

postgres_files() { # initdb on first start like the official image (POSTGRES_USER/PASSWORD/DB; trust when no password)
    cat >"$1/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
user=${POSTGRES_USER:-postgres}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA" /var/run/postgresql && chown postgres:postgres "$PGDATA" /var/run/postgresql && chmod 700 "$PGDATA"
    echo "${POSTGRES_PASSWORD:-postgres}" >/tmp/pw && chown postgres /tmp/pw
    setpriv --reuid=postgres --regid=postgres --init-groups "$bin/initdb" -D "$PGDATA" -U "$user" --pwfile=/tmp/pw >/dev/null
    rm -f /tmp/pw
    if [ -n "${POSTGRES_PASSWORD:-}" ]; then m=md5; else m=trust; fi
    echo "host all all all ${POSTGRES_HOST_AUTH_METHOD:-$m}" >>"$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
        echo "CREATE DATABASE \"$POSTGRES_DB\" OWNER \"$user\";" |
            setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" --single -D "$PGDATA" -j postgres >/dev/null
    fi
fi
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
echo "PostgreSQL init process complete; ready for start up."
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$PGDATA"
EOF
    chmod +x "$1/docker-entrypoint.sh"
}

step "catalog in $STORE (FORCE=$FORCE${ONLY:+, ONLY=$ONLY})"
files_layer busybox busybox_files; BUSYBOX=$LAYER
wanted busybox && image "library/busybox:latest library/busybox:1" '{"Cmd":["sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}' "$BUSYBOX"
if wanted whoami; then
    files_layer whoami whoami_files
    image "jwilder/whoami:latest library/whoami:latest" '{"Entrypoint":["/whoami.sh"],"ExposedPorts":{"8000/tcp":{}},"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]}' "$BUSYBOX" "$LAYER"
fi
DEB_IMAGES="debian nginx redis python flask-demo haproxy postgres"
need_base=0; for i in $DEB_IMAGES; do wanted "$i" && need_base=1; done
if [ $need_base = 1 ]; then
    build_base
    # JIT (LLVM, ~100 MB) is optional: postgres runs without it
    PG_TRIM="usr/lib/x86_64-linux-gnu/libLLVM-* usr/lib/postgresql/*/lib/llvmjit* usr/lib/postgresql/*/lib/bitcode"
    # no cluster at install time (initdb in the postinst): the image's entrypoint makes its own in $PGDATA, as the official one
    PG_PRE='mkdir -p /etc/postgresql-common/createcluster.d && echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/labspecs.conf'
    ENVP='"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]'
    apt_layers_at_once "nginx|nginx|" "redis|redis-server|" "flask|python3-flask python3-redis|" "haproxy|haproxy|" \
        "postgres|postgresql|$PG_TRIM|$PG_PRE"
    base_layer_packed
    wanted debian && image "library/debian:bookworm library/debian:latest" "{\"Cmd\":[\"bash\"],$ENVP}" "$BASE_LAYER"
    if wanted nginx; then
        apt_layer nginx nginx
        image "library/nginx:latest" "{\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"],\"ExposedPorts\":{\"80/tcp\":{}},\"StopSignal\":\"SIGQUIT\",$ENVP}" "$BASE_LAYER" "$LAYER"
    fi
    if wanted redis; then
        apt_layer redis redis-server
        image "library/redis:latest" "{\"Cmd\":[\"redis-server\",\"--protected-mode\",\"no\",\"--bind\",\"0.0.0.0\",\"--dir\",\"/data\"],\"WorkingDir\":\"/data\",\"ExposedPorts\":{\"6379/tcp\":{}},$ENVP}" "$BASE_LAYER" "$LAYER"
    fi
    if wanted python || wanted flask-demo; then
        apt_layer flask python3-flask python3-redis; FLASK=$LAYER
        wanted python && image "library/python:3 library/python:latest" "{\"Cmd\":[\"python3\"],$ENVP}" "$BASE_LAYER" "$FLASK"
        if wanted flask-demo; then
            files_layer flask-demo flask_demo_files
            for v in 1.0 2.0; do
                image "xiaopeng163/docker-flask-demo:$v library/docker-flask-demo:$v" "{\"Cmd\":[\"python3\",\"/app/app-$v.py\"],\"WorkingDir\":\"/app\",\"ExposedPorts\":{\"5000/tcp\":{}},$ENVP}" "$BASE_LAYER" "$FLASK" "$LAYER"
            done
        fi
    fi
    if wanted haproxy; then
        apt_layer haproxy haproxy
        image "library/haproxy:latest" "{\"Cmd\":[\"haproxy\",\"-f\",\"/usr/local/etc/haproxy/haproxy.cfg\",\"-db\"],\"StopSignal\":\"SIGUSR1\",$ENVP}" "$BASE_LAYER" "$LAYER"
    fi
    if wanted postgres; then
        APT_TRIM=$PG_TRIM APT_PRE=$PG_PRE apt_layer postgres postgresql; PG=$LAYER
        files_layer postgres postgres_files
        image "library/postgres:latest library/postgres:15 library/postgres:9.4" "{\"Entrypoint\":[\"/docker-entrypoint.sh\"],\"ExposedPorts\":{\"5432/tcp\":{}},\"Volumes\":{\"/var/lib/postgresql/data\":{}},\"StopSignal\":\"SIGINT\",$ENVP}" "$BASE_LAYER" "$PG" "$LAYER"
    fi
fi
if [ "${PRUNE:-0}" = 1 ] && [ -z "$ONLY" ]; then # layers of older recipes (opt-in: other checkouts may still use them)
    for f in "$LAYERS"/*.layer.tar; do k=$(basename "$f" .layer.tar); [[ "$USED" == *" $k "* ]] || rm -f "$f" "$LAYERS/$k.digest"; done
    rm -f "$LAYERS"/*.tar.gz "$LAYERS"/*.diffid   # older catalog versions' gzip'ed layers
    rm -rf "$STORE/base/rootfs" "$STORE/base/complete"   # older catalog versions kept the base's tree twice
    for f in "$UNPACKED"/images/*; do [[ "$USED_IMAGES" == *" $(basename "$f") "* ]] || rm -f "$f"; done
fi
step "catalog ready: $(find "$REG/docker/registry/v2/repositories" -mindepth 2 -maxdepth 2 -type d 2>/dev/null | wc -l) repositories, $(du -sh "$REG" | cut -f1)"
