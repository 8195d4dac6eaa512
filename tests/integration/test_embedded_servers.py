"""The embedded servers are real: they start, serve, keep data over restarts and fail loudly."""

from __future__ import annotations

import io
import os
import signal
import smtplib
import socket
import subprocess
import sys
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import nats
import psutil
import pytest
from minio.error import S3Error
from motor.motor_asyncio import AsyncIOMotorClient
from nats.js.api import StorageType

from servicekit.embedded import (
    LOOPBACK,
    ManagedProcess,
    MongoServer,
    NatsCluster,
    NatsServer,
    S3Server,
    ServerStartError,
    SmtpCatcher,
    free_port,
    http_status,
    port_accepts,
    port_is_free,
    wait_until,
)
from servicekit.embedded.smtp import standalone
from tests.support.waiting import eventually


def a_letter(subject: str = "Your submission was received") -> EmailMessage:
    letter = EmailMessage()
    letter["From"] = "noreply@cityprize.test"
    letter["To"] = "mayor@seoul.test"
    letter["Subject"] = subject
    letter.set_content("Thank you.")
    return letter


async def test_nats_starts_with_jetstream_accepts_a_publish_and_stops_leaving_no_process(
    nats_server: NatsServer,
):
    client = await nats.connect(nats_server.url)
    js = client.jetstream()
    await js.add_stream(name="PROBE", subjects=["probe.>"])
    ack = await js.publish("probe.hello", b"hi")
    await client.close()
    pid = nats_server.pid
    assert ack.stream == "PROBE"
    assert ack.seq == 1

    nats_server.stop()

    assert pid is not None
    assert not psutil.pid_exists(pid)


async def test_nats_restart_keeps_a_file_stored_streams_messages(nats_server: NatsServer):
    client = await nats.connect(nats_server.url)
    await client.jetstream().add_stream(name="KEPT", subjects=["kept.>"], storage=StorageType.FILE)
    for number in range(3):
        await client.jetstream().publish("kept.item", str(number).encode())
    await client.close()

    nats_server.restart()

    client = await nats.connect(nats_server.url)
    info = await client.jetstream().stream_info("KEPT")
    await client.close()
    assert info.state.messages == 3


def test_a_paused_nats_server_stops_answering_and_can_still_be_stopped(nats_server: NatsServer):
    nats_server.process.pause()
    # The stop takes effect when the kernel delivers it: poll briefly rather than once.
    wait_until(
        lambda: http_status(nats_server.monitor_url + "/healthz", timeout=0.3) is None,
        5,
        "the paused server to stop answering",
    )
    nats_server.process.resume()
    assert nats_server.jetstream_enabled()

    nats_server.process.pause()
    nats_server.stop(timeout=5)

    assert not nats_server.process.running


async def test_a_three_node_cluster_keeps_serving_an_r3_stream_after_its_leader_is_killed(
    nats_cluster: NatsCluster,
):
    client = await nats.connect(servers=nats_cluster.urls, reconnect_time_wait=0.1)
    js = client.jetstream(timeout=1)

    async def publish(msg_id: str) -> bool:
        # The stream is unreachable for a moment after it is created and for a few seconds
        # while its replicas elect a new leader; Nats-Msg-Id makes the retries harmless.
        try:
            await js.publish("votes.cast", msg_id.encode(), headers={"Nats-Msg-Id": msg_id})
        except (nats.errors.Error, TimeoutError):
            return False
        return True

    await js.add_stream(name="VOTES", subjects=["votes.>"], num_replicas=3)
    await eventually(lambda: publish("first"), timeout=10, what="a first publish to R3")
    leader = (await js.stream_info("VOTES")).cluster.leader  # type: ignore[union-attr]

    nats_cluster.kill_node(nats_cluster.node_index(str(leader)))

    await eventually(lambda: publish("second"), timeout=30, what="a publish after the leader died")
    info = await js.stream_info("VOTES")
    await client.close()
    assert info.state.messages == 2
    assert info.cluster is not None
    assert info.cluster.leader != leader


def test_s3_stores_and_returns_an_object_with_the_right_bytes(s3_server: S3Server, s3_bucket: str):
    payload = bytes(range(256)) * 1024
    client = s3_server.client()

    client.put_object(s3_bucket, "dossiers/seoul.pdf", io.BytesIO(payload), len(payload))

    response = client.get_object(s3_bucket, "dossiers/seoul.pdf")
    try:
        assert response.read() == payload
    finally:
        response.close()
        response.release_conn()


def test_s3_refuses_a_wrong_secret(s3_server: S3Server, s3_bucket: str):
    intruder = s3_server.client(secret_key="not-the-secret")

    with pytest.raises(S3Error) as refusal:
        intruder.put_object(s3_bucket, "forged.txt", io.BytesIO(b"x"), 1)

    assert refusal.value.code in {"SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId"}
    assert not list(s3_server.client().list_objects(s3_bucket))


def test_s3_restart_keeps_an_object_and_stop_leaves_no_weed_process(tmp_path):
    with S3Server(tmp_path / "s3") as server:
        server.client().make_bucket("kept")
        server.client().put_object("kept", "a.txt", io.BytesIO(b"still here"), 10)

        server.restart()

        assert server.client().get_object("kept", "a.txt").read() == b"still here"
        pid = server.pid
    assert pid is not None
    assert not psutil.pid_exists(pid)


def test_smtp_catches_a_message_sent_with_smtplib_and_writes_an_eml(smtp_catcher: SmtpCatcher):
    with smtplib.SMTP(smtp_catcher.host, smtp_catcher.port) as sender:
        sender.send_message(a_letter())

    [caught] = smtp_catcher.wait_for(1)
    assert caught.rcpt_tos == ("mayor@seoul.test",)
    assert caught.message["Subject"] == "Your submission was received"
    assert caught.path is not None
    assert caught.path.suffix == ".eml"
    assert caught.path.read_bytes() == caught.raw


def test_smtp_fail_next_451_fails_the_next_send_then_accepts(smtp_catcher: SmtpCatcher):
    smtp_catcher.fail_next(451, "4.3.0 Try again later", times=1)

    with smtplib.SMTP(smtp_catcher.host, smtp_catcher.port) as sender:
        with pytest.raises(smtplib.SMTPDataError) as refusal:
            sender.send_message(a_letter())
        sender.send_message(a_letter("Second try"))

    assert refusal.value.smtp_code == 451
    assert [m.message["Subject"] for m in smtp_catcher.wait_for(1)] == ["Second try"]


def test_a_catcher_that_keeps_nothing_writes_every_message_and_holds_none_in_memory(tmp_path):
    with SmtpCatcher(tmp_path / "mail", keep=False) as catcher:
        with smtplib.SMTP(catcher.host, catcher.port) as sender:
            for n in range(3):
                sender.send_message(a_letter(f"Letter {n}"))
        assert catcher.wait_for(3) == []
        assert catcher.messages == []
    written = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(written) == 3
    assert [BytesParser().parsebytes(w.read_bytes())["Subject"] for w in written] == [
        "Letter 0",
        "Letter 1",
        "Letter 2",
    ]


def test_the_standalone_smtp_catcher_keeps_its_mail_only_in_its_maildir(tmp_path):
    catcher = standalone(["--port", str(free_port()), "--maildir", str(tmp_path)])
    assert catcher.keep is False
    assert catcher.maildir == tmp_path
    with pytest.raises(ValueError, match="maildir"):
        SmtpCatcher(keep=False)


def test_the_standalone_smtp_catcher_writes_mail_and_exits_cleanly_on_sigterm(tmp_path):
    port, maildir = free_port(), tmp_path / "mail"
    argv = [sys.executable, "-m", "servicekit.embedded.smtp", "--port", str(port)]
    catcher = ManagedProcess("smtp", [*argv, "--maildir", str(maildir)], tmp_path)
    catcher.start(lambda: port_accepts(LOOPBACK, port), timeout=15)
    try:
        with smtplib.SMTP(LOOPBACK, port) as sender:
            sender.send_message(a_letter())
        wait_until(lambda: any(maildir.glob("*.eml")), 5, "the .eml file")
    finally:
        catcher.stop(timeout=5)
    assert catcher.returncode == 0


def test_a_nats_server_whose_port_is_taken_raises_server_start_error_naming_the_reason(tmp_path):
    with socket.socket() as squatter:
        squatter.bind((LOOPBACK, 0))
        squatter.listen()
        server = NatsServer(tmp_path, port=squatter.getsockname()[1])
        with pytest.raises(ServerStartError, match="address already in use"):
            server.start()
    assert not server.process.running


def test_a_nats_server_with_a_bad_config_raises_server_start_error(tmp_path):
    with pytest.raises(ServerStartError, match="exited early"):
        NatsServer(tmp_path, extra_config="jetstream { oops").start()


def test_a_missing_server_binary_is_an_error_not_a_skip(tmp_path):
    with pytest.raises(ServerStartError, match="could not be launched"):
        NatsServer(tmp_path, binary=tmp_path / "no-such-nats-server").start()


def test_a_server_that_never_gets_ready_is_killed_and_reported(tmp_path):
    sleeper = ManagedProcess(
        "sleeper", [sys.executable, "-c", "import signal; signal.pause()"], tmp_path
    )

    with pytest.raises(ServerStartError, match=r"was not ready after 0\.3s"):
        sleeper.start(lambda: False, timeout=0.3)

    assert not sleeper.running


async def test_mongo_db_stores_and_finds_a_document(mongo_db):
    await mongo_db.submissions.insert_one({"_id": "s-1", "city": "Seoul"})

    assert await mongo_db.submissions.find_one({"_id": "s-1"}) == {"_id": "s-1", "city": "Seoul"}


async def test_the_archive_tests_run_on_a_real_mongodb_wire_server_in_its_own_process(
    mongo_client,
):
    info = await mongo_client.server_info()
    host, port = mongo_client.address  # a TCP peer: an in-process stand-in has no address

    assert info["ok"] == 1.0
    assert int(info["version"].split(".")[0]) >= 7
    assert host == "127.0.0.1" or os.environ.get("MONGODB_URL")
    assert not port_is_free(port)
    if not os.environ.get("MONGODB_URL"):
        assert info["secantusVersion"] == "0.7.0b3"  # the pinned SecantusDB


async def test_the_mongodb_wire_server_keeps_its_documents_across_a_restart(tmp_path: Path):
    with MongoServer(tmp_path / "mongodb") as server:
        client: AsyncIOMotorClient[dict[str, str]] = AsyncIOMotorClient(server.url, tz_aware=True)
        await client.cityprize.events.insert_one({"_id": "e-1", "contest_id": "c"})
        client.close()
        server.restart()
        client = AsyncIOMotorClient(server.url, tz_aware=True)
        found = await client.cityprize.events.find_one({"_id": "e-1"})
        client.close()

    assert found == {"_id": "e-1", "contest_id": "c"}


def test_a_missing_mongodb_wire_server_fails_loudly_and_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SECANTUSD", str(tmp_path / "nowhere" / "secantusd-py"))

    with pytest.raises(ServerStartError, match="make sync"):
        MongoServer(tmp_path / "mongodb").start()


def test_the_smtp_catcher_can_be_stopped_and_started_again_on_the_same_port(
    smtp_catcher: SmtpCatcher,
):
    port = smtp_catcher.port
    smtp_catcher.stop()
    with pytest.raises(ConnectionRefusedError), smtplib.SMTP(smtp_catcher.host, port, timeout=2):
        pass
    smtp_catcher.start()
    with smtplib.SMTP(smtp_catcher.host, port, timeout=5) as client:
        client.sendmail("a@example.org", ["b@example.org"], b"Subject: back\r\n\r\nhello")
    assert [m.message["Subject"] for m in smtp_catcher.wait_for(1)] == ["back"]


RUNNER = """
import sys, time
from pathlib import Path
from servicekit.embedded import LOOPBACK, ManagedProcess, port_accepts, reap_on_sigterm

port, workdir = int(sys.argv[1]), Path(sys.argv[2])
argv = [sys.executable, "-m", "servicekit.embedded.smtp", "--port", str(port)]
argv += ["--maildir", str(workdir / "mail")]
ManagedProcess("smtp", argv, workdir).start(lambda: port_accepts(LOOPBACK, port), timeout=15)
reap_on_sigterm()
print("ready", flush=True)
time.sleep(60)
"""


def test_a_runner_stopped_by_sigterm_takes_its_servers_down_with_it(tmp_path):
    port = free_port()
    argv = [sys.executable, "-c", RUNNER, str(port), str(tmp_path)]
    runner = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        assert runner.stdout.readline().strip() == "ready"
        assert port_accepts(LOOPBACK, port)

        runner.send_signal(signal.SIGTERM)

        assert runner.wait(timeout=10) == 143
        wait_until(lambda: not port_accepts(LOOPBACK, port), 10, "the catcher's port to close")
    finally:
        runner.kill()
        runner.wait()
