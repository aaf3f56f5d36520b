#!/usr/bin/env python3
"""Signs Alibaba Cloud RPC requests (signature version 1.0, HMAC-SHA1) with
the standard library only, as Alibaba's SDKs do, for tests of the Cloud
Assistant endpoint:

    from acs_client import signed_query
    query = signed_query({'Action': 'RunCommand', 'InstanceId.1': 'i-1', ...},
                         key_id, secret)
    # POST /?<query>, or the same text as an application/x-www-form-urlencoded body

Run as a script, it checks itself against fixed vectors (ctest acs_client_py):
the same ones tests/acs_signature_test.cpp checks the C++ signer against.
"""

import base64
import datetime
import hashlib
import hmac
import sys
import urllib.parse
import uuid


def percent_encode(text):
    """RFC 3986: A-Z a-z 0-9 - _ . ~ kept, every other UTF-8 byte as %XX."""
    return urllib.parse.quote(str(text), safe='-_.~')


def string_to_sign(params, method='POST'):
    canonical = '&'.join(
        f'{name}={value}'
        for name, value in sorted((percent_encode(k), percent_encode(v))
                                  for k, v in params.items() if k != 'Signature'))
    return f'{method}&{percent_encode("/")}&{percent_encode(canonical)}'


def signature(params, secret, method='POST'):
    digest = hmac.new(f'{secret}&'.encode(), string_to_sign(params, method).encode(),
                      hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_query(params, key_id, secret, method='POST'):
    """`params` with the common signature parameters added (a Timestamp of
    now and a random SignatureNonce unless `params` holds them) and signed:
    the encoded query string, Signature last."""
    signed = {
        'AccessKeyId': key_id,
        'SignatureMethod': 'HMAC-SHA1',
        'SignatureVersion': '1.0',
        'SignatureNonce': uuid.uuid4().hex,
        'Timestamp': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
    }
    signed.update(params)
    signed['Signature'] = signature(signed, secret, method)
    return '&'.join(f'{percent_encode(k)}={percent_encode(v)}' for k, v in signed.items())


# ---- self-check ----

# Alibaba's documentation example (ECS DescribeRegions, key testid/testsecret).
DOC_PARAMS = {
    'AccessKeyId': 'testid', 'Action': 'DescribeRegions', 'Format': 'XML',
    'SignatureMethod': 'HMAC-SHA1', 'SignatureNonce': '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    'SignatureVersion': '1.0', 'Timestamp': '2016-02-23T12:46:24Z', 'Version': '2014-05-26',
}
DOC_SIGNATURE = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY='

# A RunCommand with the characters percent-encoding is about (shared with the C++ test).
RUN_COMMAND_PARAMS = {
    'Action': 'RunCommand', 'Version': '2014-05-26', 'RegionId': 'cn-hangzhou',
    'Type': 'RunShellScript', 'CommandContent': 'echo "a b" * ~/x+y && echo héllo',
    'InstanceId.1': 'i-1', 'InstanceId.2': 'i-2', 'Parameters': '{"name":"Jack"}',
    'Timestamp': '2026-11-22T18:04:44Z', 'SignatureNonce': 'b0b1c2d3-nonce',
}
RUN_COMMAND_SIGNATURE = 'aU+P0BH1leOQjGcAZFW2k/V7vR8='


def main():
    failures = []
    if signature(DOC_PARAMS, 'testsecret', 'GET') != DOC_SIGNATURE:
        failures.append('the documentation example')
    query = signed_query(RUN_COMMAND_PARAMS, 'LTAI5tTestKey', 'test-secret')
    got = urllib.parse.parse_qs(query)['Signature'][0]
    if got != RUN_COMMAND_SIGNATURE:
        failures.append(f'RunCommand: {got} != {RUN_COMMAND_SIGNATURE}')
    for failure in failures:
        print('FAIL', failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
