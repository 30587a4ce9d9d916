"""Connector tests talk HTTP to a real local server (pytest-httpserver) serving recorded payloads.

The server speaks TLS with a certificate made for this session: simple-salesforce only builds https:// URLs, and
requests trusts the certificate through REQUESTS_CA_BUNDLE. Slack's client (urllib) gets a plain-HTTP server.
"""

import datetime
import ipaddress
import json
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "third_party"


def fixture_json(path: str):
    return json.loads((FIXTURES / path).read_text())


def fixture_bytes(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture(scope="session")
def httpserver_ssl_context(tls_files):
    cert_file, key_file = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("localhost", 0)


@pytest.fixture(autouse=True)
def trust_test_server(monkeypatch, tls_files):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_files[0]))


@pytest.fixture
def source_url(httpserver):
    return f"https://localhost:{httpserver.port}"


@pytest.fixture
def slack_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()
