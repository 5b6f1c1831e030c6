#!/usr/bin/env python3
"""Real registries and a fault-injection registry on 127.0.0.1 for Palisade integration tests.

Stdlib + `cryptography` only. Every daemon is started detached (own session, stdio to a log file
under DIR), so the calling process can read our single line of JSON and wait for us to exit.

Subcommands (all print exactly one line of JSON on stdout on success, diagnostics go to stderr):

  up --dir DIR --auth none|htpasswd|token [--port P] [--accesslog]
      CNCF distribution (`docker-registry serve DIR/config.yml`), storage in DIR/data, delete enabled.
      -> {"host":"127.0.0.1:PORT","pids":[...],"username":null|"palisade","password":null|"...",
          "auth":"none|htpasswd|token","dir":DIR,"realm":null|"http://127.0.0.1:TP/token",
          "service":null|"palisade-registry","issuer":null|"palisade-test-issuer"}
      Same JSON is written to DIR/env.json.
      token mode also starts `registry_env.py token-server --dir DIR` (a Docker token-spec issuer).

  down --dir DIR
      Kills every pid in DIR/env.json and DIR/fault.json (SIGTERM, then SIGKILL after 5 s).
      -> {"killed":[...],"already_dead":[...]}

  fault --dir DIR --layout OCI_LAYOUT_DIR --ref NAME
      Fault-injection registry (read-only OCI distribution API) serving image NAME of the layout.
      -> {"host":"127.0.0.1:P","storage_host":"127.0.0.1:Q","pids":[...],"dir":DIR,
          "manifest_digest":"sha256:...","repos":[...]}   also written to DIR/fault.json
      Behaviour is selected by repository name, see FAULT_REPOS below.

  multiarch --out DIR [--src OCI_LAYOUT] [--amd64-ref python-app] [--arm64-ref debian-minbase]
            [--push HOST/REPO:TAG]
      skopeo-copies the two refs into a fresh layout DIR and adds an OCI image index (ref `multi`):
      amd64 ref as linux/amd64, arm64 ref as linux/arm64/v8. NOTE: the arm64 entry's *config* still
      says architecture amd64 (fixture images are amd64 only); that is deliberate and fine for
      platform-selection tests, which select by the index's platform field.
      --push additionally runs `skopeo copy --all oci:DIR:multi docker://HOST/REPO:TAG` (no TLS).
      -> {"layout":DIR,"ref":"multi","index_digest":...,"index_size":N,"manifests":[...]}

Internal (started detached by the above): token-server --dir DIR, fault-server --dir DIR ...

Fault repos (any tag works except tags starting with `missing` -> 404; by-digest only the served
manifest's digest; blobs: any sha256 blob of the layout; HEAD never redirects/truncates; tags/list ok;
non GET/HEAD -> 405 UNSUPPORTED; unknown repo -> 404 NAME_UNKNOWN; flaky counters are per URL path,
shared by GET and HEAD). Logs: DIR/requests.log "METHOD PATH STATUS", DIR/storage-auth.log.

Observed distribution 2.8.2 behaviour (verified against this script):
  * token auth, no/invalid token: 401 `WWW-Authenticate: Bearer realm="R",service="palisade-registry"`
    (+ `,scope="repository:N:pull"` on repo URLs; `,error="invalid_token"` for a bad/untrusted token).
  * token without the needed scope (e.g. forbidden/*): 401 (never 403) with
    `...,scope="repository:N:pull[,push]",error="insufficient_scope"`, body code UNAUTHORIZED.
  * token server with wrong/missing basic creds: 401 `WWW-Authenticate: Basic realm="palisade-token"`.
  * htpasswd, no/wrong creds: 401 `WWW-Authenticate: Basic realm="palisade-test"`; htpasswd has no
    per-repo authorisation (forbidden/* is only refused in token mode).
  * OCI manifests GET/HEAD without an Accept header listing the OCI media type -> 404 MANIFEST_UNKNOWN
    "OCI manifest found, but accept header does not support OCI manifests" (by tag and by digest).
  * REGISTRY_* environment variables are config overrides in distribution; they are scrubbed here.
"""

import argparse
import base64
import datetime
import hashlib
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SCRIPT = os.path.abspath(__file__)
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(SCRIPT)))
DEFAULT_LAYOUT = os.path.normpath(os.path.join(PROJECT_ROOT, "..", "shared", "fixtures", "images", "oci"))

USERNAME = "palisade"
SERVICE = "palisade-registry"
ISSUER = "palisade-test-issuer"
HTPASSWD_REALM = "palisade-test"
TOKEN_TTL = 300
START_TIMEOUT = 20.0

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
DIGEST_RE = re.compile(r"^sha256:[a-f0-9]{64}$")


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------

def die(msg, code=1):
    sys.stderr.write("registry_env: %s\n" % msg)
    sys.exit(code)


def emit(obj, path=None):
    line = json.dumps(obj, sort_keys=True)
    if path:
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(line + "\n")
        os.replace(tmp, path)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def spawn(argv, log_path, cwd=None):
    """Start a detached daemon: new session, stdin /dev/null, stdout+stderr appended to log_path.

    REGISTRY_* variables are removed: distribution treats every REGISTRY_<A>_<B> variable as a
    config override (e.g. REGISTRY_AUTH_FILE, which skopeo/podman users commonly export, becomes
    `auth.file` and breaks config parsing)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    logf = open(log_path, "ab")
    try:
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                             start_new_session=True, close_fds=True, cwd=cwd, env=env)
    finally:
        logf.close()
    return p


def http_status(url, timeout=2.0):
    try:
        with urllib.request.urlopen(urllib.request.Request(url), timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return None


def port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def owns_listener(pid, port):
    """True if `pid` holds the LISTEN socket on 127.0.0.1:port (so /v2/ answered from *our* process)."""
    inodes = set()
    try:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                if parts[3] == "0A" and int(parts[1].split(":")[1], 16) == port:
                    inodes.add(parts[9])
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return True
    except OSError:
        return False
    return False


def pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
        state = stat.rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def pid_cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def ours(pid):
    """Guard against pid reuse: only kill processes that look like the ones we start."""
    cmd = pid_cmdline(pid)
    return "docker-registry" in cmd or "registry_env.py" in cmd


def kill_pids(pids):
    killed, dead = [], []
    live = []
    for pid in pids:
        if not isinstance(pid, int) or pid <= 1 or not pid_alive(pid) or not ours(pid):
            dead.append(pid)
            continue
        try:
            os.kill(pid, signal.SIGTERM)
            live.append(pid)
        except ProcessLookupError:
            dead.append(pid)
    deadline = time.time() + 5
    while live and time.time() < deadline:
        live_now = [p for p in live if pid_alive(p)]
        killed.extend(p for p in live if p not in live_now)
        live = live_now
        if live:
            time.sleep(0.05)
    for pid in live:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        killed.append(pid)
    return killed, dead


def live_pids_in(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return []
    return [p for p in data.get("pids", []) if isinstance(p, int) and pid_alive(p) and ours(p)]


def wait_port_file(path, proc, timeout=START_TIMEOUT):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            with open(path) as f:
                txt = f.read().strip()
            if txt:
                return json.loads(txt)
        if proc.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def utc_rfc3339(ts=None):
    d = datetime.datetime.fromtimestamp(ts if ts is not None else time.time(), datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def yq(s):
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(str(s))


# --------------------------------------------------------------------------------------------
# keys / JWT
# --------------------------------------------------------------------------------------------

def libtrust_kid(public_key):
    from cryptography.hazmat.primitives import serialization
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    b32 = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode("ascii").rstrip("=")
    return ":".join(b32[i:i + 4] for i in range(0, 48, 4))


def make_signing_cert(directory):
    """EC P-256 key + self-signed CA-capable cert: DIR/token.key, DIR/token.crt."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_path = os.path.join(directory, "token.key")
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    with open(os.path.join(directory, "token.crt"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def load_signer(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    with open(os.path.join(directory, "token.key"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    with open(os.path.join(directory, "token.crt"), "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    der = cert.public_bytes(serialization.Encoding.DER)
    return key, base64.b64encode(der).decode("ascii"), libtrust_kid(key.public_key())


def es256_sign(key, signing_input):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def make_jwt(key, x5c_b64, kid, subject, access, ttl=TOKEN_TTL):
    now = int(time.time())
    header = {"typ": "JWT", "alg": "ES256", "kid": kid, "x5c": [x5c_b64]}
    claims = {"iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + ttl, "nbf": now - 1,
              "iat": now, "jti": secrets.token_hex(16), "access": access}
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64url(json.dumps(claims, separators=(",", ":")).encode())).encode("ascii")
    return signing_input.decode("ascii") + "." + b64url(es256_sign(key, signing_input))


def parse_scopes(values):
    """`repository:NAME:pull,push` (NAME may contain ':' e.g. never here), repeatable and/or
    space-separated; `repository(plugin):NAME:pull` class syntax; `registry:catalog:*`."""
    out = []
    for v in values:
        for item in v.split():
            first = item.find(":")
            last = item.rfind(":")
            if first < 0 or last == first:
                continue
            typ, name, actions = item[:first], item[first + 1:last], item[last + 1:]
            cls = None
            m = re.match(r"^([a-z0-9]+)\(([a-z0-9]+)\)$", typ)
            if m:
                typ, cls = m.group(1), m.group(2)
            acts = [a for a in actions.split(",") if a]
            out.append((typ, cls, name, acts))
    return out


# --------------------------------------------------------------------------------------------
# token server (internal daemon)
# --------------------------------------------------------------------------------------------

class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # Broken pipes / resets from clients that give up are expected in fault tests.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def run_token_server(args):
    directory = os.path.abspath(args.dir)
    with open(os.path.join(directory, "auth.json")) as f:
        password = json.load(f)["password"]
    key, x5c, kid = load_signer(directory)
    log_lock = threading.Lock()
    log_path = os.path.join(directory, "token.log")

    def log_line(text):
        with log_lock:
            with open(log_path, "a") as lf:
                lf.write(text + "\n")

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "palisade-token/1"

        def log_message(self, *a):
            pass

        def send_json(self, status, obj, extra=None):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def basic_user(self):
            h = self.headers.get("Authorization", "")
            if not h.lower().startswith("basic "):
                return None, False
            try:
                user, _, pw = base64.b64decode(h[6:].strip()).decode("utf-8").partition(":")
            except Exception:
                return None, False
            ok = secrets.compare_digest(user, USERNAME) and secrets.compare_digest(pw, password)
            return user, ok

        def issue(self, service, scopes, user, ok, form_style):
            if not ok:
                log_line("%s %s 401 user=%s" % (self.command, self.path, user))
                body = {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}
                if form_style:
                    body = {"error": "invalid_grant", "error_description": "bad credentials"}
                return self.send_json(401, body, {"WWW-Authenticate": 'Basic realm="palisade-token"'})
            if service and service != SERVICE:
                log_line("%s %s 400 service=%s" % (self.command, self.path, service))
                return self.send_json(400, {"errors": [{"code": "DENIED", "message": "unknown service %s" % service}]})
            access = []
            for typ, cls, name, acts in parse_scopes(scopes):
                if typ == "repository" and name.startswith("forbidden/"):
                    continue
                entry = {"type": typ, "name": name, "actions": acts}
                if cls:
                    entry["class"] = cls
                access.append(entry)
            tok = make_jwt(key, x5c, kid, user, access)
            log_line("%s %s 200 user=%s access=%s" % (self.command, self.path, user,
                                                      json.dumps(access, separators=(",", ":"))))
            self.send_json(200, {"token": tok, "access_token": tok, "expires_in": TOKEN_TTL,
                                 "issued_at": utc_rfc3339()})

        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            if u.path != "/token":
                return self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
            user, ok = self.basic_user()
            self.issue(q.get("service", [""])[0], q.get("scope", []), user, ok, False)

        do_HEAD = do_GET

        def do_POST(self):
            # OAuth2 password grant (what `docker login` style clients may use).
            u = urllib.parse.urlsplit(self.path)
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n).decode("utf-8", "replace") if n else ""
            if u.path != "/token":
                return self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})
            form = urllib.parse.parse_qs(raw, keep_blank_values=True)
            grant = form.get("grant_type", [""])[0]
            if grant != "password":
                return self.send_json(400, {"error": "unsupported_grant_type"})
            user = form.get("username", [""])[0]
            pw = form.get("password", [""])[0]
            ok = secrets.compare_digest(user, USERNAME) and secrets.compare_digest(pw, password)
            self.issue(form.get("service", [""])[0], form.get("scope", []), user, ok, True)

    srv = QuietServer(("127.0.0.1", args.port or 0), H)
    with open(os.path.join(directory, "token-server.port.tmp"), "w") as f:
        json.dump({"port": srv.server_address[1]}, f)
    os.replace(os.path.join(directory, "token-server.port.tmp"), os.path.join(directory, "token-server.port"))
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    srv.serve_forever()


# --------------------------------------------------------------------------------------------
# up / down
# --------------------------------------------------------------------------------------------

def cmd_up(args):
    directory = os.path.abspath(args.dir)
    os.makedirs(os.path.join(directory, "data"), exist_ok=True)
    if live_pids_in(os.path.join(directory, "env.json")):
        die("an environment is already running in %s (run `down` first)" % directory, 2)
    for stale in ("token-server.port",):
        try:
            os.unlink(os.path.join(directory, stale))
        except FileNotFoundError:
            pass
    if not shutil.which("docker-registry"):
        die("docker-registry not installed (apt-get install docker-registry)")

    username = password = realm = None
    pids = []
    auth_yaml = ""

    if args.auth == "htpasswd":
        username, password = USERNAME, secrets.token_hex(16)
        out = subprocess.run(["htpasswd", "-Bbn", username, password], check=True,
                             capture_output=True, text=True).stdout
        with open(os.path.join(directory, "htpasswd"), "w") as f:
            f.write(out.strip() + "\n")
        auth_yaml = ("auth:\n  htpasswd:\n    realm: %s\n    path: %s\n"
                     % (yq(HTPASSWD_REALM), yq(os.path.join(directory, "htpasswd"))))
    elif args.auth == "token":
        username, password = USERNAME, secrets.token_hex(16)
        auth_json = os.path.join(directory, "auth.json")
        with open(auth_json, "w") as f:
            json.dump({"username": username, "password": password}, f)
        os.chmod(auth_json, 0o600)
        make_signing_cert(directory)
        tp = spawn([sys.executable, SCRIPT, "token-server", "--dir", directory],
                   os.path.join(directory, "token-server.log"))
        pids.append(tp.pid)
        info = wait_port_file(os.path.join(directory, "token-server.port"), tp)
        if not info:
            kill_pids(pids)
            die("token server did not start; see %s/token-server.log" % directory)
        realm = "http://127.0.0.1:%d/token" % info["port"]
        auth_yaml = ("auth:\n  token:\n    realm: %s\n    service: %s\n    issuer: %s\n"
                     "    rootcertbundle: %s\n"
                     % (yq(realm), yq(SERVICE), yq(ISSUER), yq(os.path.join(directory, "token.crt"))))

    ready, tail, host = False, "", None
    for attempt in range(3):
        port = args.port or free_port()
        host = "127.0.0.1:%d" % port
        if not port_free(port):
            if args.port:
                kill_pids(pids)
                die("port %d is already in use" % port)
            continue
        rp = start_registry(args, directory, host, auth_yaml)
        ready = False
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if rp.poll() is not None:
                break
            if (http_status("http://%s/v2/" % host, timeout=1.0) in (200, 401)
                    and owns_listener(rp.pid, port)):
                ready = True
                break
            time.sleep(0.05)
        if ready:
            pids.insert(0, rp.pid)
            break
        kill_pids([rp.pid])
        try:
            with open(os.path.join(directory, "registry.log")) as f:
                tail = f.read()[-2000:]
        except OSError:
            tail = ""
        # a free-port race shows up as an early exit with "address already in use": retry
        if args.port or "address already in use" not in tail:
            break
    if not ready:
        kill_pids(pids)
        die("registry did not become ready on %s within %ss:\n%s" % (host, START_TIMEOUT, tail))

    emit({"host": host, "pids": pids, "username": username, "password": password,
          "auth": args.auth, "dir": directory, "realm": realm,
          "service": SERVICE if args.auth == "token" else None,
          "issuer": ISSUER if args.auth == "token" else None},
         os.path.join(directory, "env.json"))


def start_registry(args, directory, host, auth_yaml):
    config = (
        "version: 0.1\n"
        "log:\n  level: error\n  accesslog:\n    disabled: %s\n"
        "storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n"
        "  cache:\n    blobdescriptor: inmemory\n"
        "  maintenance:\n    uploadpurging:\n      enabled: false\n"
        "http:\n  addr: %s\n  secret: %s\n  headers:\n    X-Content-Type-Options: [nosniff]\n"
        "health:\n  storagedriver:\n    enabled: false\n"
        "%s"
    ) % ("false" if args.accesslog else "true", yq(os.path.join(directory, "data")), yq(host),
         yq(secrets.token_hex(16)), auth_yaml)
    cfg_path = os.path.join(directory, "config.yml")
    with open(cfg_path, "w") as f:
        f.write(config)

    return spawn(["docker-registry", "serve", cfg_path], os.path.join(directory, "registry.log"),
                 cwd=directory)


def cmd_down(args):
    directory = os.path.abspath(args.dir)
    pids = []
    for name in ("env.json", "fault.json"):
        try:
            with open(os.path.join(directory, name)) as f:
                pids.extend(p for p in json.load(f).get("pids", []) if p not in pids)
        except (OSError, ValueError):
            pass
    killed, dead = kill_pids(pids)
    emit({"killed": killed, "already_dead": dead})


# --------------------------------------------------------------------------------------------
# fault-injection registry
# --------------------------------------------------------------------------------------------

FAULT_REPOS = {
    "ok/app": "correct behaviour (supports Range on blobs)",
    "status/401": "every /v2/status/401/... -> 401 UNAUTHORIZED + WWW-Authenticate: Basic realm=\"fault\"",
    "status/403": "every request -> 403 DENIED",
    "status/404": "every request -> 404 MANIFEST_UNKNOWN (BLOB_UNKNOWN on blob paths)",
    "status/500": "every request -> 500 UNKNOWN (any status/NNN works)",
    "flaky/429": "first 2 requests per path -> 429 + Retry-After: 1, then correct",
    "flaky/503": "first 2 requests per path -> 503 (no Retry-After), then correct",
    "always/429": "always 429 + Retry-After: 1",
    "midblob/app": "blobs: full Content-Length, connection closed after half the bytes (every time)",
    "midblob-once/app": "blobs: first GET per digest truncated like midblob, later GETs (incl. Range) correct",
    "redirect/app": "blob GET -> 307 to http://HOST/storage/<digest>?sig=x (same origin)",
    "redirect-xorigin/app": "blob GET -> 307 to http://STORAGE_HOST/storage/<digest>?sig=x (other port)",
    "redirect-auth/app": "needs Basic auth (any non-empty creds, else 401 Basic realm=\"fault\"); "
                         "blob GET -> 307 to STORAGE_HOST (other port)",
    "schema1/app": "manifest -> signed Docker schema1 (application/vnd.docker.distribution.manifest.v1+prettyjws)",
    "hugemanifest/app": "manifest is exactly 5 MiB (padding annotation), correct digest",
    "wrongdigest/app": "layer blobs served with one byte flipped (config blob correct)",
}


def load_layout_image(layout, ref):
    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    for d in index.get("manifests", []):
        if d.get("annotations", {}).get("org.opencontainers.image.ref.name") == ref:
            algo, hexd = d["digest"].split(":", 1)
            with open(os.path.join(layout, "blobs", algo, hexd), "rb") as f:
                body = f.read()
            return d, body
    die("ref %r not found in %s/index.json" % (ref, layout))


def make_schema1(repo, manifest):
    """A libtrust-style signed schema1 manifest (valid ES256 JWS) + its payload digest."""
    from cryptography.hazmat.primitives.asymmetric import ec
    layers = list(reversed(manifest.get("layers", [])))
    # fsLayers/history are top-most first; every entry's parent is the next one, the base has none.
    ids = [hashlib.sha256(("%s-%d" % (l["digest"], i)).encode()).hexdigest() for i, l in enumerate(layers)]
    history = []
    for i in range(len(layers)):
        v1 = {"id": ids[i], "created": "2024-01-01T00:00:00Z", "container_config": {"Cmd": ["/bin/sh"]}}
        if i + 1 < len(layers):
            v1["parent"] = ids[i + 1]
        if i == 0:
            v1.update({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]}})
        history.append({"v1Compatibility": json.dumps(v1, separators=(",", ":"))})
    unsigned = {"schemaVersion": 1, "name": repo, "tag": "latest", "architecture": "amd64",
                "fsLayers": [{"blobSum": l["digest"]} for l in layers], "history": history}
    payload = json.dumps(unsigned, indent=3).encode()
    close = payload.rstrip().rfind(b"}")
    fmt_len = len(payload[:close].rstrip())
    tail = payload[fmt_len:]
    key = ec.generate_private_key(ec.SECP256R1())
    pub = key.public_key().public_numbers()
    protected = b64url(json.dumps({"formatLength": fmt_len, "formatTail": b64url(tail),
                                   "time": utc_rfc3339()}, separators=(",", ":")).encode())
    sig = es256_sign(key, (protected + "." + b64url(payload)).encode("ascii"))
    signature = {"header": {"jwk": {"crv": "P-256", "kid": libtrust_kid(key.public_key()), "kty": "EC",
                                    "x": b64url(pub.x.to_bytes(32, "big")),
                                    "y": b64url(pub.y.to_bytes(32, "big"))},
                            "alg": "ES256"},
                 "signature": b64url(sig), "protected": protected}
    sigs = json.dumps([signature], indent=3).replace("\n", "\n   ")
    body = payload[:fmt_len] + (',\n   "signatures": ' + sigs).encode() + tail
    return body, "sha256:" + hashlib.sha256(payload).hexdigest()


def make_huge(manifest, size=5 * 1024 * 1024):
    m = dict(manifest)
    ann = dict(m.get("annotations", {}))
    ann["org.palisade.test.padding"] = ""
    m["annotations"] = ann
    base = len(json.dumps(m, separators=(",", ":")).encode())
    ann["org.palisade.test.padding"] = "p" * (size - base)
    body = json.dumps(m, separators=(",", ":")).encode()
    assert len(body) == size, len(body)
    return body


def run_fault_server(args):
    directory = os.path.abspath(args.dir)
    layout = os.path.abspath(args.layout)
    desc, mbody = load_layout_image(layout, args.ref)
    manifest = json.loads(mbody)
    mtype = desc.get("mediaType") or manifest.get("mediaType") or OCI_MANIFEST
    mdigest = "sha256:" + hashlib.sha256(mbody).hexdigest()
    layer_digests = {l["digest"] for l in manifest.get("layers", [])}
    s1_body, s1_digest = make_schema1("schema1/app", manifest)
    huge = make_huge(manifest)
    huge_digest = "sha256:" + hashlib.sha256(huge).hexdigest()

    lock = threading.Lock()
    counters = {}
    seen_once = set()
    req_log = os.path.join(directory, "requests.log")
    storage_log = os.path.join(directory, "storage-auth.log")
    ports = {}

    def append(path, line):
        with lock:
            with open(path, "a") as f:
                f.write(line + "\n")

    def manifest_for(repo):
        if repo == "schema1/app":
            return s1_body, SCHEMA1_SIGNED, s1_digest
        if repo == "hugemanifest/app":
            return huge, mtype, huge_digest
        return mbody, mtype, mdigest

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "palisade-fault/1"

        def log_message(self, *a):
            pass

        # -- plumbing --------------------------------------------------------------------
        def record(self, status):
            append(req_log, "%s %s %d" % (self.command, self.path, status))

        def start(self, status, headers):
            self.record(status)
            self.send_response(status)
            self.send_header("Docker-Distribution-API-Version", "registry/2.0")
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()

        def send_body(self, status, body, ctype, extra=()):
            self.start(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))] + list(extra))
            if self.command != "HEAD":
                self.wfile.write(body)

        def error(self, status, code, message, extra=()):
            body = json.dumps({"errors": [{"code": code, "message": message, "detail": None}]}).encode()
            self.send_body(status, body, "application/json", extra)

        def drain(self):
            n = int(self.headers.get("Content-Length") or 0)
            while n > 0:
                chunk = self.rfile.read(min(n, 65536))
                if not chunk:
                    break
                n -= len(chunk)

        def blob_path(self, digest):
            if not DIGEST_RE.match(digest):
                return None
            p = os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1])
            return p if os.path.isfile(p) else None

        def stream_blob(self, path, digest, status_extra=(), truncate=False, flip=False, allow_range=True):
            size = os.path.getsize(path)
            start, end = 0, size - 1
            status = 200
            rng = self.headers.get("Range") if allow_range else None
            headers = [("Content-Type", "application/octet-stream"), ("Docker-Content-Digest", digest),
                       ("Accept-Ranges", "bytes"), ("ETag", '"%s"' % digest)]
            if rng:
                m = re.match(r"^bytes=(\d*)-(\d*)$", rng.strip())
                if m and (m.group(1) or m.group(2)):
                    if m.group(1):
                        start = int(m.group(1))
                        end = int(m.group(2)) if m.group(2) else size - 1
                    else:
                        start = max(0, size - int(m.group(2)))
                    end = min(end, size - 1)
                    if start > end or start >= size:
                        return self.send_body(416, b"", "application/octet-stream",
                                              [("Content-Range", "bytes */%d" % size)])
                    status = 206
                    headers.append(("Content-Range", "bytes %d-%d/%d" % (start, end, size)))
            length = end - start + 1
            self.start(status, headers + [("Content-Length", str(length))] + list(status_extra))
            if self.command == "HEAD":
                return
            limit = length // 2 if truncate else length
            flip_at = size // 2 if flip else -1
            sent = 0
            with open(path, "rb") as f:
                f.seek(start)
                pos = start
                while sent < limit:
                    chunk = f.read(min(1 << 20, limit - sent))
                    if not chunk:
                        break
                    if pos <= flip_at < pos + len(chunk):
                        b = bytearray(chunk)
                        b[flip_at - pos] ^= 0xFF
                        chunk = bytes(b)
                    self.wfile.write(chunk)
                    sent += len(chunk)
                    pos += len(chunk)
            if truncate:
                self.wfile.flush()
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        # -- routing ---------------------------------------------------------------------
        def handle_any(self):
            self.drain()
            u = urllib.parse.urlsplit(self.path)
            path = u.path
            if path.startswith("/storage/"):
                return self.storage(path[len("/storage/"):])
            if path in ("/v2", "/v2/"):
                return self.send_body(200, b"{}", "application/json")
            m = re.match(r"^/v2/(.+?)/(manifests|blobs|tags)/(.+)$", path)
            if not m:
                return self.error(404, "NAME_UNKNOWN", "unknown path")
            repo, kind, rest = m.groups()

            sm = re.match(r"^status/(\d{3})$", repo)
            if sm:
                st = int(sm.group(1))
                if st == 401:
                    return self.error(401, "UNAUTHORIZED", "authentication required",
                                      [("WWW-Authenticate", 'Basic realm="fault"')])
                if st == 403:
                    return self.error(403, "DENIED", "requested access to the resource is denied")
                if st == 404:
                    code = {"blobs": "BLOB_UNKNOWN", "tags": "NAME_UNKNOWN"}.get(kind, "MANIFEST_UNKNOWN")
                    return self.error(404, code, "not found")
                if st == 429:
                    return self.error(429, "TOOMANYREQUESTS", "too many requests")
                return self.error(st, "UNKNOWN", "injected status %d" % st)

            if repo not in FAULT_REPOS:
                return self.error(404, "NAME_UNKNOWN", "repository name not known to registry")
            if repo == "always/429":
                return self.error(429, "TOOMANYREQUESTS", "too many requests", [("Retry-After", "1")])
            if repo in ("flaky/429", "flaky/503"):
                with lock:
                    n = counters.get(path, 0)
                    counters[path] = n + 1
                if n < 2:
                    if repo == "flaky/429":
                        return self.error(429, "TOOMANYREQUESTS", "too many requests (flaky %d)" % (n + 1),
                                          [("Retry-After", "1")])
                    return self.error(503, "UNAVAILABLE", "service unavailable (flaky %d)" % (n + 1))
            if repo == "redirect-auth/app":
                h = self.headers.get("Authorization", "")
                good = False
                if h.lower().startswith("basic "):
                    try:
                        user, _, pw = base64.b64decode(h[6:].strip()).decode().partition(":")
                        good = bool(user) and bool(pw)
                    except Exception:
                        good = False
                if not good:
                    return self.error(401, "UNAUTHORIZED", "authentication required",
                                      [("WWW-Authenticate", 'Basic realm="fault"')])

            if self.command not in ("GET", "HEAD"):
                return self.error(405, "UNSUPPORTED", "fault registry is read-only")
            if kind == "tags":
                if rest != "list":
                    return self.error(404, "NAME_UNKNOWN", "unknown path")
                body = json.dumps({"name": repo, "tags": sorted({args.ref, "latest"})}).encode()
                return self.send_body(200, body, "application/json")
            if kind == "manifests":
                return self.manifest(repo, rest)
            return self.blob(repo, rest)

        def manifest(self, repo, ref):
            body, ctype, digest = manifest_for(repo)
            if ref.startswith("sha256:"):
                if ref != digest:
                    return self.error(404, "MANIFEST_UNKNOWN", "manifest unknown")
            elif ref.startswith("missing"):
                return self.error(404, "MANIFEST_UNKNOWN", "manifest tagged %r unknown" % ref)
            return self.send_body(200, body, ctype, [("Docker-Content-Digest", digest),
                                                     ("ETag", '"%s"' % digest)])

        def blob(self, repo, digest):
            p = self.blob_path(digest)
            if not p:
                return self.error(404, "BLOB_UNKNOWN", "blob unknown to registry")
            if repo in ("redirect/app", "redirect-xorigin/app", "redirect-auth/app") and self.command == "GET":
                hostport = ports["main"] if repo == "redirect/app" else ports["storage"]
                loc = "http://127.0.0.1:%d/storage/%s?sig=x" % (hostport, digest)
                return self.send_body(307, b"", "text/plain", [("Location", loc)])
            if repo == "midblob/app":
                return self.stream_blob(p, digest, truncate=True)
            if repo == "midblob-once/app" and self.command == "GET":
                with lock:
                    first = digest not in seen_once
                    seen_once.add(digest)
                return self.stream_blob(p, digest, truncate=first)
            if repo == "wrongdigest/app":
                return self.stream_blob(p, digest, flip=digest in layer_digests)
            return self.stream_blob(p, digest)

        def storage(self, digest):
            append(storage_log, "auth" if self.headers.get("Authorization") else "noauth")
            p = self.blob_path(digest)
            if not p or self.command not in ("GET", "HEAD"):
                return self.error(404, "BLOB_UNKNOWN", "no such object")
            return self.stream_blob(p, digest)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    main = QuietServer(("127.0.0.1", 0), H)
    storage = QuietServer(("127.0.0.1", 0), H)
    ports["main"] = main.server_address[1]
    ports["storage"] = storage.server_address[1]
    threading.Thread(target=storage.serve_forever, daemon=True).start()
    info = {"port": ports["main"], "storage_port": ports["storage"], "manifest_digest": mdigest,
            "schema1_digest": s1_digest, "huge_digest": huge_digest}
    tmp = os.path.join(directory, "fault-server.port.tmp")
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, os.path.join(directory, "fault-server.port"))
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    main.serve_forever()


def cmd_fault(args):
    directory = os.path.abspath(args.dir)
    os.makedirs(directory, exist_ok=True)
    layout = os.path.abspath(args.layout)
    if not os.path.isfile(os.path.join(layout, "index.json")):
        die("%s is not an OCI layout" % layout)
    if live_pids_in(os.path.join(directory, "fault.json")):
        die("a fault server is already running in %s (run `down` first)" % directory, 2)
    port_file = os.path.join(directory, "fault-server.port")
    try:
        os.unlink(port_file)
    except FileNotFoundError:
        pass
    p = spawn([sys.executable, SCRIPT, "fault-server", "--dir", directory, "--layout", layout,
               "--ref", args.ref], os.path.join(directory, "fault-server.log"))
    info = wait_port_file(port_file, p)
    host = "127.0.0.1:%d" % info["port"] if info else None
    if not info or http_status("http://%s/v2/" % host) != 200:
        kill_pids([p.pid])
        die("fault server did not start; see %s/fault-server.log" % directory)
    emit({"host": host, "storage_host": "127.0.0.1:%d" % info["storage_port"], "pids": [p.pid],
          "dir": directory, "manifest_digest": info["manifest_digest"],
          "schema1_digest": info["schema1_digest"], "huge_digest": info["huge_digest"],
          "repos": sorted(FAULT_REPOS)},
         os.path.join(directory, "fault.json"))


# --------------------------------------------------------------------------------------------
# multi-arch index
# --------------------------------------------------------------------------------------------

def cmd_multiarch(args):
    out = os.path.abspath(args.out)
    src = os.path.abspath(args.src)
    os.makedirs(out, exist_ok=True)
    for ref in (args.amd64_ref, args.arm64_ref):
        subprocess.run(["skopeo", "copy", "--quiet", "oci:%s:%s" % (src, ref), "oci:%s:%s" % (out, ref)],
                       check=True, stdout=sys.stderr)
    index_path = os.path.join(out, "index.json")
    with open(index_path) as f:
        index = json.load(f)

    def find(ref):
        for d in index["manifests"]:
            if d.get("annotations", {}).get("org.opencontainers.image.ref.name") == ref:
                return d
        die("ref %s missing after skopeo copy" % ref)

    entries = []
    for ref, platform in ((args.amd64_ref, {"architecture": "amd64", "os": "linux"}),
                          (args.arm64_ref, {"architecture": "arm64", "os": "linux", "variant": "v8"})):
        d = find(ref)
        entries.append({"mediaType": d.get("mediaType", OCI_MANIFEST), "digest": d["digest"],
                        "size": d["size"], "platform": platform})
    image_index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries,
                   "annotations": {"org.palisade.test.note":
                                   "arm64/v8 entry reuses an amd64 image; platform selection only"}}
    body = json.dumps(image_index, separators=(",", ":")).encode()
    hexd = hashlib.sha256(body).hexdigest()
    blob_dir = os.path.join(out, "blobs", "sha256")
    os.makedirs(blob_dir, exist_ok=True)
    with open(os.path.join(blob_dir, hexd), "wb") as f:
        f.write(body)
    index["manifests"] = [d for d in index["manifests"]
                          if d.get("annotations", {}).get("org.opencontainers.image.ref.name") != args.ref]
    index["manifests"].append({"mediaType": OCI_INDEX, "digest": "sha256:" + hexd, "size": len(body),
                               "annotations": {"org.opencontainers.image.ref.name": args.ref}})
    tmp = index_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(index, f)
    os.replace(tmp, index_path)

    raw = subprocess.run(["skopeo", "inspect", "--raw", "oci:%s:%s" % (out, args.ref)], check=True,
                         capture_output=True).stdout
    if hashlib.sha256(raw).hexdigest() != hexd:
        die("skopeo inspect --raw returned a different index than written")
    result = {"layout": out, "ref": args.ref, "index_digest": "sha256:" + hexd, "index_size": len(body),
              "manifests": entries}
    if args.push:
        subprocess.run(["skopeo", "copy", "--quiet", "--all", "--dest-tls-verify=false",
                        "oci:%s:%s" % (out, args.ref), "docker://%s" % args.push],
                       check=True, stdout=sys.stderr)
        result["pushed"] = args.push
    emit(result)


# --------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(prog="registry_env.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("up")
    p.add_argument("--dir", required=True)
    p.add_argument("--auth", choices=["none", "htpasswd", "token"], default="none")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--accesslog", action="store_true", help="enable the registry access log")
    p.set_defaults(fn=cmd_up)

    p = sub.add_parser("down")
    p.add_argument("--dir", required=True)
    p.set_defaults(fn=cmd_down)

    p = sub.add_parser("fault")
    p.add_argument("--dir", required=True)
    p.add_argument("--layout", default=DEFAULT_LAYOUT)
    p.add_argument("--ref", default="python-app")
    p.set_defaults(fn=cmd_fault)

    p = sub.add_parser("multiarch")
    p.add_argument("--out", required=True)
    p.add_argument("--src", default=DEFAULT_LAYOUT)
    p.add_argument("--amd64-ref", default="python-app")
    p.add_argument("--arm64-ref", default="debian-minbase")
    p.add_argument("--ref", default="multi")
    p.add_argument("--push", default=None, help="HOST/REPO:TAG to `skopeo copy --all` to (plain http)")
    p.set_defaults(fn=cmd_multiarch)

    p = sub.add_parser("token-server")
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.set_defaults(fn=run_token_server)

    p = sub.add_parser("fault-server")
    p.add_argument("--dir", required=True)
    p.add_argument("--layout", required=True)
    p.add_argument("--ref", required=True)
    p.set_defaults(fn=run_fault_server)

    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
