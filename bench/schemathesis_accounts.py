#!/usr/bin/env python3
"""Signed-in accounts for bench/schemathesis.sh, through the JSON API of a running server.

Usage: schemathesis_accounts.py BASE_URL ADMIN_HANDLE PASSPHRASE

The admin (made with `kinlink admin create-admin`) enrols a TOTP second factor, creates an
organization and invites an org admin, who invites a caseworker; each staff account enrols its
own second factor. A registrant signs up and fills in "about me", a person sought and the cards,
so the fuzzer meets real records. Prints `registrant TOKEN`, `caseworker TOKEN`, `search ID`
(the registrant's person sought) and `assisted ID` (the caseworker's assisted registration).
Standard library only (the TOTP code is RFC 6238 with SHA-1, six digits, 30-second steps).
"""

import base64
import hashlib
import hmac
import json
import struct
import sys
import time
import urllib.request

BASE, ADMIN, PASS = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None, expect=(200, 201, 202, 204)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as res:
            status, text = res.status, res.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    if status not in expect:
        sys.exit(f"{method} {path}: {status} {text[:300]!r}")
    return json.loads(text) if text else None


def totp(secret_b32, step_offset=0):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int(time.time()) // 30 + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off : off + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def enrol(token):
    """Enrol and confirm a second factor; returns the new (fully signed-in) token."""
    secret = call("POST", "/api/v1/me/totp", {}, token)["secret"]
    return call("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)}, token)["token"]


def sign_in(login):
    return call("POST", "/api/v1/sessions", {"login": login, "passphrase": PASS})["token"]


def join(by, role, org=None):
    body = {"role": role} if org is None else {"role": role, "organization_id": org}
    code = call("POST", "/api/v1/invites", body, by)["code"]
    handle = call("POST", f"/api/v1/invites/{code}/accept", {"passphrase": PASS})["handle"]
    return enrol(sign_in(handle))


admin = enrol(sign_in(ADMIN))
org = call("POST", "/api/v1/admin/organizations", {"name": "Partner"}, admin)["id"]
org_admin = join(admin, "org_admin", org)
# Registrations of no organization are reviewed by this one, so the queue is not empty.
call("PUT", "/api/v1/review/settings", {"serves_unaffiliated": True}, org_admin)
caseworker = join(org_admin, "caseworker")

handle = call("POST", "/api/v1/accounts", {"passphrase": PASS})["handle"]
registrant = sign_in(handle)
call("PUT", "/api/v1/me/profile",
     {"names": ["Memet Tursun"], "gender": "male", "birth": {"year": 1961},
      "birthplace": {"text": "Ghulja"}}, registrant)
search = call("POST", "/api/v1/me/searches",
     {"relation": "father", "names": ["Tursun Ablet"], "birth": {"from": 1930, "to": 1940},
      "circumstances": "detained", "last_contact": {"year": 2017}}, registrant)["id"]
call("PUT", "/api/v1/me/contact-card",
     {"channels": [{"kind": "signal", "value": "+90 555 000 0000"}]}, registrant)
call("PUT", "/api/v1/me/verification-facts",
     {"facts": [{"question": "Our street", "answer": "By the bazaar"}]}, registrant)
# An assisted registration, so the caseworker has a record of their own to read.
assisted = call("POST", "/api/v1/assisted",
     {"profile": {"names": ["Aygul Memet"]},
      "searches": [{"relation": "mother", "names": ["Patem Eli"]}]}, caseworker)["id"]

print("registrant", registrant)
print("caseworker", caseworker)
print("search", search)
print("assisted", assisted)
