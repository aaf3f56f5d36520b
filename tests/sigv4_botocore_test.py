"""Random requests signed by botocore's SigV4Auth verify with verify_sigv4, and
stop verifying once their body changes: bodies of any bytes, regions, services,
paths and queries, header names in any case, values with odd spacing, repeated
headers, X-Amz-Date or Date.

Usage: sigv4_botocore_test.py SIGV4_CHECK
Exits 77 (skipped) without botocore (Debian: python3-botocore).
"""

import datetime
import os
import random
import string
import subprocess
import sys
import tempfile
from urllib.parse import quote

try:
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("botocore is not installed: skipped")
    sys.exit(77)

REQUESTS = 300
rng = random.Random(20261122)

# The time botocore signs at, set per request.
signing_time = [datetime.datetime(2026, 1, 1)]
botocore.auth.get_current_datetime = lambda *args, **kwargs: signing_time[0]


def random_text(alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def spaced(value):
    """The value with runs of spaces and tabs around and inside it."""
    pad = lambda: random_text(" \t", 0, 3)
    return pad() + pad().join(value.split(" ")) + pad() if rng.random() < 0.5 else value


def random_case(name):
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)


def random_target():
    segments = [rng.choice([".", "..", "", random_text(string.ascii_letters + "-_.~", 1, 8),
                            quote(random_text(string.printable, 1, 6), safe="")])
                for _ in range(rng.randint(0, 4))]
    path = "/" + "/".join(segments)
    params = [(random_text(string.printable, 1, 6), random_text(string.printable, 0, 6))
              for _ in range(rng.randint(0, 4) if rng.random() < 0.3 else 0)]
    query = "&".join(quote(k, safe="-_.~") + "=" + quote(v, safe="-_.~") for k, v in params)
    return path + ("?" + query if query else "")


profiles = {}
for name in ["default", "ci", "ops"]:
    profiles[name] = ("AKIA" + random_text(string.ascii_uppercase + "234567", 16, 16),
                      random_text(string.ascii_letters + string.digits + "+/", 40, 40))


def field(data):
    data = data.encode() if isinstance(data, str) else data
    return str(len(data)).encode() + b"\n" + data + b"\n"


def encode(now, method, target, headers, body):
    out = field(str(now)) + field(method) + field(target) + field(str(len(headers)))
    for name, value in headers:
        out += field(name) + field(value)
    return out + field(body)


requests, expected = b"", []
for _ in range(REQUESTS):
    profile = rng.choice(sorted(profiles))
    key_id, secret = profiles[profile]
    region = rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2", "local"])
    service = rng.choice(["ssm", "codepipeline", random_text(string.ascii_lowercase, 2, 12)])
    signed_at = datetime.datetime(2026, 1, 1) + datetime.timedelta(seconds=rng.randrange(10**8))
    signing_time[0] = signed_at
    now = int(signed_at.replace(tzinfo=datetime.timezone.utc).timestamp()) + rng.randint(-900, 900)

    target = random_target()
    length = rng.choice([0, 1, 55, 64, rng.randint(0, 3000)])
    body = bytes(rng.randrange(256) for _ in range(length))
    headers = {random_case("Host"): spaced("example.test:%d" % rng.randint(1, 65535)),
               random_case("Content-Type"): spaced("application/x-amz-json-1.1"),
               random_case("X-Amz-Target"): spaced("AmazonSSM.Send Command   Now")}
    if rng.random() < 0.3:
        headers["Date"] = "placeholder: botocore writes it"
    request = AWSRequest(method="POST", url="http://example.test" + target, data=body,
                         headers=headers)
    for _ in range(rng.randint(0, 2)):
        # Repeated: botocore signs the values joined by commas.
        value = spaced(random_text(string.ascii_letters + " ", 0, 10))
        request.headers[random_case("X-Amz-Meta-Dup")] = value
    botocore.auth.SigV4Auth(Credentials(key_id, secret), service, region).add_auth(request)

    sent = [(name, value) for name, value in request.headers.items()]
    requests += encode(now, "POST", target, sent, body)
    expected.append("OK %s %s %s" % (profile, region, service))
    requests += encode(now, "POST", target, sent, body + b"!")
    expected.append("InvalidSignatureException")

with tempfile.TemporaryDirectory() as work:
    credentials_file = os.path.join(work, "credentials")
    with open(credentials_file, "w") as f:
        for name, (key_id, secret) in profiles.items():
            f.write("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n"
                    % (name, key_id, secret))
    result = subprocess.run([sys.argv[1], credentials_file], input=requests,
                            stdout=subprocess.PIPE, check=True)

answers = result.stdout.decode().splitlines()
wrong = [(i, want, got) for i, (want, got) in enumerate(zip(expected, answers)) if want != got]
if len(answers) != len(expected) or wrong:
    print("%d answers for %d requests; wrong: %s" % (len(answers), len(expected), wrong[:10]))
    sys.exit(1)
print("%d botocore-signed requests verified, and refused once tampered with" % REQUESTS)
