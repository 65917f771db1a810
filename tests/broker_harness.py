"""A cluster for tests: one ZooKeeper and N brokers, started through bin/ on 127.0.0.1.

    import broker_harness as bh
    with bh.Cluster(brokers=1) as c:          # our zookeeper-server-start + kafka-server-start
        c.bootstrap                            # "127.0.0.1:<port>[,...]"
        c.zk_connect                           # "127.0.0.1:<zk port>[/chroot]"
        c.broker(0).kill9(); c.broker(0).start()

Importable from tests/{integration,interop,cli,fault}: put tests/ on sys.path first
(`sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))`).

Contracts:
- Every process is started with a free port in a temp dir of its own, waited for with a
  bound, and stopped by its PID only (SIGTERM, then SIGKILL after a bound). Nothing is
  left running: Cluster.__exit__ stops everything; SIGTERM/SIGHUP to the test become
  SystemExit so that cleanup runs (ctest's timeout, `timeout`); an atexit hook kills
  whatever a crashed test left behind; and each child gets PR_SET_PDEATHSIG=SIGKILL, so
  even a SIGKILLed test takes its servers with it. The death signal follows the *thread*
  that started the child: start processes from the main thread (or one that outlives
  them). Temp dirs are removed unless ODRADEK_KEEP_TMP is set.
- Brokers run as `bin/kafka-server-start.sh server.properties [--override k=v]...`, with
  ODRADEK_BUILD_DIR pointing at the build tree (bin/odradek-run-tool execs the binary, so
  the PID we hold is the broker's). server.properties is the repository's
  config/server.properties (Kafka's defaults) with broker.id, listeners, log.dirs and
  zookeeper.connect replaced, plus the caller's extra keys.
- A broker is ready when its log says `started (kafka.server.KafkaServer)` and its port
  accepts connections.
- `real_zookeeper=True` runs Apache ZooKeeper from Debian's `zookeeper` package
  (ZooKeeperServerMain from /usr/share/java/zookeeper.jar, as the ZooKeeper interop tests
  do) instead of our zookeeper-server-start.

The build tree is found from, in order: the `build` argument, $ODRADEK_BUILD_DIR, the
parent of a `.../bin` directory given as the first command-line argument of the test,
and <repo>/build.
"""
import atexit
import ctypes
import os
import pathlib
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
# bin/ wrappers the processes are started through (overridable to try the harness itself).
SCRIPTS = pathlib.Path(os.environ.get("ODRADEK_SCRIPTS_DIR", REPO / "bin"))
ZK_JAR = "/usr/share/java/zookeeper.jar"
SKIP = 77  # ctest SKIP_RETURN_CODE used by the interop tests

_live = []  # every Process started and not yet reaped, for the atexit hook
_tmp_dirs = []  # every Cluster's temp dir, removed at exit if cleanup() did not run
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """preexec_fn: the child gets SIGKILL when the thread that started it exits."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


for _sig in (signal.SIGTERM, signal.SIGHUP):
    if signal.getsignal(_sig) == signal.SIG_DFL:
        signal.signal(_sig, _exit_on_signal)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_dir(build=None):
    """The build tree holding bin/<tool> executables."""
    if build:
        p = pathlib.Path(build)
        return p.parent if p.name == "bin" else p
    if os.environ.get("ODRADEK_BUILD_DIR"):
        return pathlib.Path(os.environ["ODRADEK_BUILD_DIR"])
    return REPO / "build"


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def four_letter(port, cmd, timeout=5):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(cmd.encode())
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out.decode(errors="replace")
            out += chunk


class KafkaWire:
    """One raw Kafka connection: request header v1 frames out, (correlation-checked) response
    bodies back. For tests that speak the protocol themselves, usually with kafka-python's
    protocol classes as the independent encoder."""

    def __init__(self, port, client_id=b"odradek-test"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.client_id = client_id
        self.correlation = 0

    def send(self, api_key, api_version, body):
        """Sends one request; returns the response body after the correlation id."""
        self.correlation += 1
        head = struct.pack(">hhih", api_key, api_version, self.correlation, len(self.client_id)) + self.client_id
        frame = head + body
        self.sock.sendall(struct.pack(">i", len(frame)) + frame)
        payload = self._recv(struct.unpack(">i", self._recv(4))[0])
        (correlation,) = struct.unpack(">i", payload[:4])
        if correlation != self.correlation:
            raise AssertionError(f"correlation id {correlation}, expected {self.correlation}")
        return payload[4:]

    def call(self, req, resp_type):
        """A kafka-python request object in, its decoded response out."""
        return resp_type.decode(self.send(req.API_KEY, req.API_VERSION, req.encode()))

    def _recv(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("the broker closed the connection")
            out += chunk
        return out

    def close(self):
        self.sock.close()


class Process:
    """One child process with its log file; stopped by PID only."""

    def __init__(self, name, log_path):
        self.name = name
        self.log_path = pathlib.Path(log_path)
        self.proc = None
        self._log = None

    def spawn(self, argv, env=None):
        if self.running():
            raise RuntimeError(f"{self.name} is already running (pid {self.proc.pid})")
        self._log = open(self.log_path, "ab")
        self._log.write(f"\n==== harness: starting {' '.join(map(str, argv))}\n".encode())
        self._log.flush()
        self.proc = subprocess.Popen([str(a) for a in argv], stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                                     preexec_fn=_die_with_parent)
        _live.append(self)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout=30):
        """SIGTERM, wait up to `timeout`, then SIGKILL. Returns the exit status (None if
        never started); raises when SIGTERM was not enough, after killing."""
        if self.proc is None:
            return None
        hung = False
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                hung = True
                self.proc.kill()
                self.proc.wait()
        self._reaped()
        if hung:
            raise RuntimeError(f"{self.name} (pid {self.proc.pid}) did not stop within {timeout}s of SIGTERM; "
                               f"killed\n{self.tail()}")
        return self.proc.returncode

    def kill9(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reaped()

    def _reaped(self):
        if self._log:
            self._log.close()
            self._log = None
        if self in _live:
            _live.remove(self)

    def tail(self, lines=60):
        return "\n".join(self.output().splitlines()[-lines:])


@atexit.register
def _kill_leftovers():
    for p in list(_live):
        try:
            p.kill9()
        except Exception:  # noqa: BLE001  best effort at exit
            pass
    if not os.environ.get("ODRADEK_KEEP_TMP"):
        for d in _tmp_dirs:
            shutil.rmtree(d, ignore_errors=True)


class ZooKeeper:
    """Our zookeeper-server-start (through bin/) or Apache ZooKeeper 3.8 from Debian."""

    def __init__(self, tmp, build, real=False, port=None):
        self.tmp = pathlib.Path(tmp)
        self.build = build
        self.real = real
        self.port = port or free_port()
        self.data_dir = self.tmp / "data"
        self.process = Process("apache-zookeeper" if real else "zookeeper-server-start", self.tmp / "zookeeper.log")

    def config(self):
        path = self.tmp / "zookeeper.properties"
        # tickTime 500: sessions of a killed broker expire within seconds (max 20 ticks).
        path.write_text(f"dataDir={self.data_dir}\nclientPort={self.port}\nclientPortAddress=127.0.0.1\n"
                        f"maxClientCnxns=0\nadmin.enableServer=false\ntickTime=500\n"
                        f"4lw.commands.whitelist=srvr,stat,ruok\n")
        return path

    def start(self, timeout=60):
        self.tmp.mkdir(parents=True, exist_ok=True)
        cfg = self.config()
        if self.real:
            if not (os.path.exists(ZK_JAR) and shutil.which("java")):
                raise RuntimeError(f"Apache ZooKeeper needs {ZK_JAR} and java (Debian packages zookeeper)")
            argv = ["java", "-cp", f"/etc/zookeeper/conf:{ZK_JAR}", "-Dzookeeper.admin.enableServer=false",
                    "org.apache.zookeeper.server.ZooKeeperServerMain", cfg]
        else:
            argv = [SCRIPTS / "zookeeper-server-start.sh", cfg]
        self.process.spawn(argv, env=_env(self.build, self.tmp))
        deadline = time.time() + timeout
        while time.time() < deadline:  # the port opens before ZooKeeper serves: ask srvr
            if not self.process.running():
                raise RuntimeError(f"ZooKeeper exited with {self.process.proc.returncode}:\n{self.process.tail()}")
            try:
                if four_letter(self.port, "srvr", timeout=2).startswith("Zookeeper version"):
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"ZooKeeper did not serve on port {self.port} within {timeout}s:\n{self.process.tail()}")

    def stop(self):
        return self.process.stop()


def _env(build, tmp):
    return dict(os.environ, ODRADEK_BUILD_DIR=str(build), LOG_DIR=str(pathlib.Path(tmp) / "logs"))


def kafka_defaults():
    """Key/value pairs of the repository's config/server.properties (Kafka's defaults)."""
    out = {}
    for line in (REPO / "config" / "server.properties").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


class Broker:
    """One kafka-server-start process; keeps its port and log dirs across restarts."""

    def __init__(self, cluster, broker_id, props=None, overrides=None):
        self.cluster = cluster
        self.id = broker_id
        self.tmp = cluster.tmp / f"broker-{broker_id}"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log_dirs = [self.tmp / "kafka-logs"]
        self.props = dict(props or {})
        self.overrides = list(overrides or [])
        self.process = Process(f"kafka-server-start id={broker_id}", self.tmp / "server.log")
        self.started_count = 0

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def properties(self):
        p = kafka_defaults()
        p.update({
            "broker.id": str(self.id),
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "log.dirs": ",".join(str(d) for d in self.log_dirs),
            "zookeeper.connect": self.cluster.zk_connect,
            # ZooKeeper runs with tickTime 500 (sessions 1-10 s): a killed broker's
            # /brokers/ids/<id> goes away soon enough for a restart to register again.
            "zookeeper.session.timeout.ms": "6000",
        })
        p.update(self.cluster.props)
        p.update(self.props)
        path = self.tmp / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in p.items()))
        return path

    def start(self, wait=True, timeout=90):
        cfg = self.properties()
        argv = [SCRIPTS / "kafka-server-start.sh", cfg]
        for o in self.overrides:
            argv += ["--override", o]
        self._log_offset = self.process.log_path.stat().st_size if self.process.log_path.exists() else 0
        self.process.spawn(argv, env=_env(self.cluster.build, self.tmp))
        self.started_count += 1
        if wait:
            self.wait_started(timeout)
        return self

    def log_since_start(self):
        return self.process.output()[self._log_offset:] if hasattr(self, "_log_offset") else self.process.output()

    def wait_started(self, timeout=90):
        marker = f"[KafkaServer id={self.id}] started (kafka.server.KafkaServer)"
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not self.process.running():
                raise RuntimeError(f"broker {self.id} exited with {self.process.proc.returncode} before starting:\n"
                                   f"{self.process.tail()}")
            if marker in self.log_since_start() and port_open(self.port):
                return self
            time.sleep(0.1)
        raise RuntimeError(f"broker {self.id} did not log '{marker}' and listen on {self.port} within {timeout}s:\n"
                           f"{self.process.tail()}")

    def stop(self, timeout=60):
        """Clean shutdown (SIGTERM); returns the exit status."""
        return self.process.stop(timeout)

    def kill9(self):
        self.process.kill9()

    def restart(self, wait=True):
        self.stop()
        return self.start(wait)

    def running(self):
        return self.process.running()

    def output(self):
        return self.process.output()


class Cluster:
    """ZooKeeper plus `brokers` brokers (ids 0..n-1) in one temp dir.

    props: server.properties keys for every broker; broker_props: {id: {k: v}} per broker;
    chroot: zookeeper.connect's chroot path ("/kafka") or None; real_zookeeper: use Apache's.
    """

    def __init__(self, brokers=1, props=None, broker_props=None, chroot=None, real_zookeeper=False,
                 build=None, start=True):
        self.build = build_dir(build)
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="odradek-cluster-"))
        _tmp_dirs.append(self.tmp)  # stop() keeps it for a restart; cleanup() or exit removes it
        self.props = dict(props or {})
        self.chroot = chroot
        self.zookeeper = ZooKeeper(self.tmp / "zookeeper", self.build, real=real_zookeeper)
        self.brokers = [Broker(self, i, (broker_props or {}).get(i)) for i in range(brokers)]
        self._start = start

    @property
    def zk_connect(self):
        return f"127.0.0.1:{self.zookeeper.port}{self.chroot or ''}"

    @property
    def bootstrap(self):
        return ",".join(b.address for b in self.brokers)

    def broker(self, broker_id):
        return self.brokers[broker_id]

    def start(self):
        self.zookeeper.start()
        for b in self.brokers:
            b.start(wait=False)
        for b in self.brokers:
            b.wait_started()
        return self

    def stop(self):
        """Stops brokers then ZooKeeper; raises if one had to be SIGKILLed. Keeps the temp
        dir (start() again reuses it); cleanup() or the end of the process removes it."""
        errors = []
        for b in self.brokers:
            try:
                b.stop()
            except RuntimeError as e:
                errors.append(str(e))
        try:
            self.zookeeper.stop()
        except RuntimeError as e:
            errors.append(str(e))
        if errors:
            raise RuntimeError("\n".join(errors))

    def cleanup(self):
        try:
            self.stop()
        finally:
            for p in [b.process for b in self.brokers] + [self.zookeeper.process]:
                p.kill9()
            if not os.environ.get("ODRADEK_KEEP_TMP"):
                shutil.rmtree(self.tmp, ignore_errors=True)

    def logs(self):
        """Every process's log tail, for failure messages."""
        parts = [f"--- {b.process.name} ({b.process.log_path})\n{b.process.tail()}" for b in self.brokers]
        parts.append(f"--- {self.zookeeper.process.name}\n{self.zookeeper.process.tail(20)}")
        return "\n".join(parts)

    def __enter__(self):
        if self._start:
            try:
                self.start()
            except BaseException:
                self.cleanup()
                raise
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def znode_exists(self, path):
        """Whether `path` (under the chroot) exists, asked with a raw ZooKeeper session."""
        full = ((self.chroot or "") + path).rstrip("/") or "/"
        with socket.create_connection(("127.0.0.1", self.zookeeper.port), timeout=10) as s:
            def send(body):
                s.sendall(struct.pack(">i", len(body)) + body)

            def recv():
                n = struct.unpack(">i", _recv_exact(s, 4))[0]
                return _recv_exact(s, n)
            send(struct.pack(">iqiqi", 0, 0, 10000, 0, 16) + b"\0" * 16)
            recv()
            p = full.encode()
            send(struct.pack(">ii", 1, 3) + struct.pack(">i", len(p)) + p + b"\0")  # exists
            err = struct.unpack(">iqi", recv()[:16])[2]
            send(struct.pack(">ii", 2, -11))  # close session
            return err == 0

    def wait_broker_deregistered(self, broker_id, timeout=30):
        """After kill -9: waits until ZooKeeper expired the session and deleted
        /brokers/ids/<id>, so that a restart is not refused as a duplicate id."""
        deadline = time.time() + timeout
        while self.znode_exists(f"/brokers/ids/{broker_id}"):
            if time.time() > deadline:
                raise RuntimeError(f"/brokers/ids/{broker_id} still exists {timeout}s after the broker died")
            time.sleep(0.2)


def _recv_exact(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            raise ConnectionError("ZooKeeper closed the connection")
        out += chunk
    return out


def require_broker(build=None):
    """Raises with a clear message when kafka-server-start has not been built."""
    exe = build_dir(build) / "bin" / "kafka-server-start"
    if not exe.exists():
        raise RuntimeError(f"{exe} is missing: build the broker (cmake --build build --target kafka-server-start)")
