#!/usr/bin/python3
"""Checks a creditstream decision log without any of creditstream's code.

A second, independent implementation of the decision seal (schemas/README.md, "The decision
seal"), for auditors who do not want to take the Java replay's word for it. It reads the decisions
topic (and the checkpoints topic) with Confluent's Python client (librdkafka, read_committed: a
transaction the scorer aborted is never read), decodes the records with the schema registry and
python-avro, and checks, with only the scorer's public keys:

  - every decision's contentHash against its content (the canonical encoding, re-implemented here);
  - every seal's Ed25519 signature, by the key its key id names;
  - every chain: one per partition, sequences 0, 1, 2, ... each naming the previous decision's hash;
  - every checkpoint's signature, and that the decision it names is on the topic, with that hash.

With --releases and the release keys' public halves, it also checks every record of the model
releases topic (schemas/README.md, "The release signature") and that every sealed decision was made
by a model version whose release the release key signed.

With --dead-letters and --drift, it also checks the seal of every dead letter and every drift
report (schemas/README.md, "The dead letter's and the drift report's seals"): only a letter the
scorer sealed may end a client's application, and only its reports are shown to auditors.

Usage:
  verify_decisions.py --bootstrap HOST:PORT --registry URL --topic loan-decisions
      --checkpoints decision-checkpoints --public-key KEY_ID=PEM_FILE [--public-key ...]
      [--releases model-releases --release-public-key KEY_ID=PEM_FILE ...]
      [--dead-letters loan-applications-dlq] [--drift model-drift]

Prints one JSON object: counts, chains and every finding with its partition and offset. Exit code:
0 clean, 1 findings, 2 the check could not run (unreachable broker, unreadable record, bad usage).

Decisions written before decisions were sealed (v1/v2: no seal, before the partition's first
sealed decision) are counted as content_hash_only: their hash can be checked, and anyone could have
computed it. Findings: HASH_MISMATCH (content changed), UNSEALED (no seal after the partition's
chain began: anyone could have written it),
UNKNOWN_KEY, BAD_SIGNATURE (forged, or sealed by another key), WRONG_CHAIN (seal names another
partition), DUPLICATE (a sequence seen before: a copy), OUT_OF_ORDER (a sequence below the chain's
head, not seen before: re-ordered), GAP (sequences missing: removed), TRUNCATED_START (a chain that
does not start at sequence 0: its beginning removed), BROKEN_LINK (the previous hash is not the
previous decision's), CHECKPOINT_BAD_SIGNATURE, CHECKPOINT_MISMATCH (the checkpointed sequence holds
another decision: the topic was re-created from an edited copy), TRUNCATED_END (a checkpoint names a
sequence beyond the chain's last decision: its end removed), CHECKPOINTS_MISSING (the checkpoints
topic does not exist). With --releases: RELEASE_UNSIGNED, RELEASE_UNKNOWN_KEY, RELEASE_BAD_SIGNATURE
(a model release or activation the release keys did not sign: anyone with write access could have
written it), MODEL_NOT_SIGNED (sealed decisions made by a model version with no validly signed
release on the topic; once per version, with the number of decisions). With --dead-letters:
LETTER_UNSEALED (a letter without a seal after the partition's first sealed one), LETTER_UNKNOWN_KEY,
LETTER_BAD_SIGNATURE (a letter the scorer's key did not seal as it is); with
--history-before-seals, letters without a seal before a partition's first sealed one are counted
as dead_letters_before_seals instead of being findings. With --drift:
DRIFT_UNSEALED, DRIFT_UNKNOWN_KEY, DRIFT_BAD_SIGNATURE the same way for drift reports
(drift_reports_before_seals).
"""
import argparse
import datetime
import hashlib
import json
import math
import struct
import sys

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

SEAL_DOMAIN = b"creditstream.seal.v1\0"
RELEASE_DOMAIN = b"creditstream.release.v1\0"
LETTER_DOMAIN = b"creditstream.deadletter.v1\0"
DRIFT_DOMAIN = b"creditstream.drift.v1\0"
CHECKPOINT_DOMAIN = b"creditstream.checkpoint.v1\0"
GENESIS = bytes(32)
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
CANONICAL_NAN = b"\x7f\xf8\x00\x00\x00\x00\x00\x00"


class Encoding:
    """The canonical encoding of schemas/README.md: big-endian, length-prefixed, marked nulls."""

    def __init__(self):
        self.out = bytearray()

    def marker(self, m):
        self.out.append(m)

    def int32(self, v):
        self.out += struct.pack(">i", v)

    def int64(self, v):
        self.out += struct.pack(">q", v)

    def double(self, v):
        self.out += CANONICAL_NAN if math.isnan(v) else struct.pack(">d", v)

    def raw(self, b):
        self.int32(len(b))
        self.out += b

    def string(self, s):
        if s is None:
            raise ValueError("a required decision field is null")
        self.marker(1)
        self.raw(s.encode("utf-8"))

    def nullable_string(self, s):
        if s is None:
            self.marker(0)
        else:
            self.string(s)

    def nullable_double(self, v):
        if v is None:
            self.marker(0)
        else:
            self.marker(1)
            self.double(v)


def letter_hash(letter):
    """SHA-256 of a dead letter's canonical encoding, every field but the seal's signature."""
    e = Encoding()
    e.string(letter["sourceTopic"])
    e.int32(letter["sourcePartition"])
    e.int64(letter["sourceOffset"])
    for field in ("key", "value"):
        if letter.get(field) is None:
            e.marker(0)
        else:
            e.marker(1)
            e.raw(bytes(letter[field]))
    e.string(letter["reasonCode"])
    e.string(letter["reason"])
    e.nullable_string(letter.get("applicationId"))
    e.int64(millis(letter["failedAt"]))
    e.string(letter["processor"])
    seal = letter.get("seal")
    e.nullable_string(None if seal is None else seal["keyId"])
    return hashlib.sha256(bytes(e.out)).digest()


def drift_hash(report):
    """SHA-256 of a drift report's canonical encoding, every field but the seal's signature."""
    e = Encoding()
    e.string(report["modelVersion"])
    e.string(report["scorerInstance"])
    e.int64(millis(report["windowStart"]))
    e.int64(millis(report["windowEnd"]))
    e.int64(report["count"])
    psi = report["psi"]
    e.int32(len(psi))
    for name in sorted(psi, key=lambda n: n.encode("utf-8")):
        e.string(name)
        e.out += struct.pack(">d", psi[name])
    seal = report.get("seal")
    e.nullable_string(None if seal is None else seal["keyId"])
    return hashlib.sha256(bytes(e.out)).digest()


def millis(t):
    """Epoch milliseconds of a timestamp-millis value (python-avro gives a datetime)."""
    if isinstance(t, int):
        return t
    return (t - EPOCH) // datetime.timedelta(milliseconds=1)


def content_hash(d):
    """SHA-256 of the decision's canonical encoding, every field but contentHash."""
    e = Encoding()
    features, seal, vector = d.get("features"), d.get("seal"), d.get("featureVector")
    v2 = vector is not None or d.get("explainer") is not None or features is not None
    tag = "v4" if features is not None else "v3" if seal is not None else "v2" if v2 else "v1"
    e.raw(("creditstream.decision." + tag).encode("ascii"))
    e.string(d["applicationId"])
    e.int64(d["clientId"])
    e.double(d["probabilityOfDefault"])
    e.double(d["threshold"])
    band = d.get("reviewBand")
    if band is None:
        e.marker(0)
    else:
        e.marker(1)
        e.double(band["lower"])
        e.double(band["upper"])
    e.string(d["outcome"])
    e.int32(len(d["reasons"]))
    for r in d["reasons"]:
        e.string(r["feature"])
        e.nullable_string(r.get("value"))
        e.double(r["contribution"])
        e.string(r["text"])
    e.string(d["modelVersion"])
    e.string(d["featureSetVersion"])
    e.marker(1 if d["historyAvailable"] else 0)
    e.int32(len(d["featureValues"]))
    for v in d["featureValues"]:
        e.string(v["name"])
        e.nullable_double(v.get("value"))
    if v2:
        if vector is None:
            e.marker(0)
        else:
            e.marker(1)
            e.int32(len(vector))
            for x in vector:
                e.double(x)
        e.nullable_string(d.get("explainer"))
        if features is not None:
            e.marker(5)
            e.raw(bytes(features))
    e.int64(millis(d["applicationTimestamp"]))
    e.int64(millis(d["decidedAt"]))
    e.string(d["scorerInstance"])
    rule = d.get("policy")
    if rule is not None:
        e.marker(2)
        e.string(rule["rule"])
        e.nullable_string(rule.get("feature"))
        e.string(rule["text"])
    offer = d.get("counterOffer")
    if offer is not None:
        e.marker(4)
        e.string(offer["search"])
        for name in ("amount", "annuity", "goodsPrice", "probabilityOfDefault"):
            e.nullable_double(offer.get(name))
    if seal is not None:
        e.marker(3)
        e.string(seal["keyId"])
        e.int32(seal["chain"])
        e.int64(seal["sequence"])
        e.raw(bytes(seal["previousHash"]))
    return hashlib.sha256(bytes(e.out)).digest()


def java_utf(s):
    """DataOutputStream.writeUTF, for the text a checkpoint holds (no NUL, no surrogates)."""
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b


def checkpoint_payload(c):
    return (CHECKPOINT_DOMAIN + java_utf(c["decisionsTopic"]) + struct.pack(">i", c["chain"])
            + struct.pack(">q", c["sequence"]) + struct.pack(">i", len(c["headHash"]))
            + bytes(c["headHash"]) + java_utf(c["applicationId"])
            + struct.pack(">q", millis(c["createdAt"])) + java_utf(c["scorerInstance"])
            + java_utf(c["keyId"]))


def release_payload(r):
    """The bytes a model release's or activation's signature covers (schemas/README.md)."""
    def field(b):
        return struct.pack(">i", len(b)) + b
    model = bytes(r.get("modelBytes") or b"")
    return (RELEASE_DOMAIN + field(r["kind"].encode("utf-8")) + field(r["version"].encode("utf-8"))
            + field(r["format"].encode("utf-8")) + field(hashlib.sha256(model).digest())
            + field(hashlib.sha256(r["modelCard"].encode("utf-8")).digest())
            + field(r["featureSetVersion"].encode("utf-8")) + struct.pack(">q", millis(r["releasedAt"]))
            + field((r.get("releasedBy") or "").encode("utf-8"))
            + field((r.get("signingKeyId") or "").encode("utf-8")))


def release_status(keys, r):
    if r.get("signature") is None or r.get("signingKeyId") is None:
        return "UNSIGNED"
    if r["signingKeyId"] not in keys:
        return "UNKNOWN_KEY"
    return "VALID" if verifies(keys, r["signingKeyId"], r["signature"], release_payload(r)) \
        else "BAD_SIGNATURE"


def verifies(keys, key_id, signature, message):
    try:
        keys[key_id].verify(bytes(signature), message)
        return True
    except InvalidSignature:
        return False


def read_all(bootstrap, topic, decode):
    """Every committed record of the topic, from the beginning to its end as of now."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "creditstream-independent-verifier",
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": "read_committed",
    })
    try:
        metadata = consumer.list_topics(topic, timeout=30)
        if topic not in metadata.topics or metadata.topics[topic].error is not None:
            return None
        partitions = sorted(metadata.topics[topic].partitions)
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        pending = set(partitions)
        records = []
        while pending:
            msg = consumer.poll(30)
            if msg is None:
                raise RuntimeError("no answer from the broker within 30 s reading " + topic)
            if msg.error() is not None:
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    pending.discard(msg.partition())
                    continue
                raise KafkaException(msg.error())
            records.append((msg.partition(), msg.offset(), decode(msg.value())))
        return partitions, records
    finally:
        consumer.close()


def load_keys(specs):
    keys = {}
    for spec in specs or []:
        key_id, _, path = spec.partition("=")
        with open(path, "rb") as f:
            keys[key_id] = load_pem_public_key(f.read())
    return keys


def check(args):
    keys = load_keys(args.public_key)
    release_keys = load_keys(args.release_public_key)
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    decode = lambda value: serializer.decode_message(value, is_key=False)  # noqa: E731

    read = read_all(args.bootstrap, args.topic, decode)
    if read is None:
        raise RuntimeError("the decisions topic " + args.topic + " does not exist")
    partitions, decisions = read
    findings = []
    counts = {"records": len(decisions), "sealed_valid": 0, "content_hash_only": 0}
    # Partitions whose chain has begun: an unsealed decision before that is one of the v1/v2
    # decisions written before decisions were sealed (its guarantee: the content hash only).
    sealing = set()
    # Per chain: sequence -> (hash, previous hash, offset), and the highest sequence read so far.
    chains = {p: {"records": 0, "seen": {}, "top": -1} for p in partitions}

    def finding(kind, partition, offset, **more):
        findings.append(dict(kind=kind, partition=partition, offset=offset, **more))

    for partition, offset, d in decisions:
        digest = content_hash(d)
        if d.get("contentHash") != digest.hex():
            finding("HASH_MISMATCH", partition, offset, applicationId=d.get("applicationId"))
            continue
        seal = d.get("seal")
        if seal is None:
            if partition in sealing:
                finding("UNSEALED", partition, offset, applicationId=d["applicationId"])
            else:
                counts["content_hash_only"] += 1
            continue
        sealing.add(partition)
        if seal["keyId"] not in keys:
            finding("UNKNOWN_KEY", partition, offset, keyId=seal["keyId"])
            continue
        if not verifies(keys, seal["keyId"], seal["signature"], SEAL_DOMAIN + digest):
            finding("BAD_SIGNATURE", partition, offset, applicationId=d["applicationId"])
            continue
        counts["sealed_valid"] += 1
        if seal["chain"] != partition:
            finding("WRONG_CHAIN", partition, offset, chain=seal["chain"])
            continue
        chain = chains[partition]
        seq = seal["sequence"]
        if seq in chain["seen"]:
            finding("DUPLICATE", partition, offset, sequence=seq,
                    sameContent=chain["seen"][seq][0] == digest,
                    firstOffset=chain["seen"][seq][2])
            continue
        chain["records"] += 1
        chain["seen"][seq] = (digest, bytes(seal["previousHash"]), offset)
        if seq < chain["top"]:
            finding("OUT_OF_ORDER", partition, offset, sequence=seq, after=chain["top"])
        chain["top"] = max(chain["top"], seq)

    for partition, chain in chains.items():
        seen = chain["seen"]
        if not seen:
            continue
        first = min(seen)
        if first != 0:
            finding("TRUNCATED_START", partition, seen[first][2], sequence=first)
        missing = None
        for seq in range(first, chain["top"] + 2):
            if seq not in seen and seq <= chain["top"]:
                missing = seq if missing is None else missing
                continue
            if missing is not None:
                finding("GAP", partition, seen[seq][2], missingFrom=missing, missingTo=seq - 1)
                missing = None
            if seq > chain["top"]:
                break
            expected = GENESIS if seq == 0 else seen.get(seq - 1, (None,))[0]
            if expected is not None and seen[seq][1] != expected:
                finding("BROKEN_LINK", partition, seen[seq][2], sequence=seq)

    checkpoints = read_all(args.bootstrap, args.checkpoints, decode) if args.checkpoints else None
    counts["checkpoints"] = 0 if checkpoints is None else len(checkpoints[1])
    if args.checkpoints and checkpoints is None:
        # Without checkpoints a log cut at its end, or re-created whole, cannot be told.
        finding("CHECKPOINTS_MISSING", None, None, topic=args.checkpoints)
    for partition, offset, c in (checkpoints[1] if checkpoints else []):
        if c["decisionsTopic"] != args.topic:
            continue
        if c["keyId"] not in keys or not verifies(keys, c["keyId"], c["signature"],
                                                  checkpoint_payload(c)):
            finding("CHECKPOINT_BAD_SIGNATURE", partition, offset, topic=args.checkpoints)
            continue
        chain = chains.get(c["chain"])
        if chain is None or c["sequence"] > chain["top"]:
            finding("TRUNCATED_END", c["chain"], None, sequence=c["sequence"],
                    last=None if chain is None else chain["top"], checkpointOffset=offset)
            continue
        held = chain["seen"].get(c["sequence"])
        if held is not None and held[0] != bytes(c["headHash"]):
            finding("CHECKPOINT_MISMATCH", c["chain"], held[2], sequence=c["sequence"],
                    checkpointOffset=offset)

    models = None
    if args.releases:
        if not release_keys:
            raise ValueError("--releases needs at least one --release-public-key")
        read = read_all(args.bootstrap, args.releases, decode)
        if read is None:
            raise RuntimeError("the model releases topic " + args.releases + " does not exist")
        models = {}
        for partition, offset, r in read[1]:
            if r is None:
                continue  # a tombstone: nothing to sign
            status = release_status(release_keys, r)
            if status != "VALID":
                finding("RELEASE_" + status, partition, offset, releaseKind=r["kind"],
                        version=r["version"], signingKeyId=r.get("signingKeyId"))
            if r["kind"] == "MODEL" and (status == "VALID" or r["version"] not in models):
                models[r["version"]] = {"status": status, "signingKeyId": r.get("signingKeyId"),
                                        "partition": partition, "offset": offset}
        used = {}
        for partition, offset, d in decisions:
            if d.get("seal") is not None:
                used.setdefault(d["modelVersion"], []).append((partition, offset))
        for version, where in sorted(used.items()):
            if models.get(version, {}).get("status") != "VALID":
                finding("MODEL_NOT_SIGNED", where[0][0], where[0][1], version=version,
                        decisions=len(where))
        for version, info in models.items():
            info["decisions"] = len(used.get(version, []))
        counts["releases"] = len(read[1])

    def sealed_records(topic, kind, name, domain, hasher, detail):
        """Checks the scorer's seal of every record of a topic. With --history-before-seals, a
        record without a seal before its partition's first sealed one is from the time before
        seals (counted, not a finding); without it, every unsealed record is a finding."""
        read = read_all(args.bootstrap, topic, decode)
        if read is None:
            raise RuntimeError("the topic " + topic + " does not exist")
        counts.update({name: len(read[1]), name + "_sealed_valid": 0, name + "_before_seals": 0})
        sealed_partitions = set()
        for partition, offset, record in read[1]:
            seal = record.get("seal")
            if seal is None:
                if partition in sealed_partitions or not args.history_before_seals:
                    finding(kind + "_UNSEALED", partition, offset, **detail(record))
                else:
                    counts[name + "_before_seals"] += 1
                continue
            sealed_partitions.add(partition)
            if seal["keyId"] not in keys:
                finding(kind + "_UNKNOWN_KEY", partition, offset, keyId=seal["keyId"])
            elif not verifies(keys, seal["keyId"], seal["signature"], domain + hasher(record)):
                finding(kind + "_BAD_SIGNATURE", partition, offset, **detail(record))
            else:
                counts[name + "_sealed_valid"] += 1

    if args.dead_letters:
        sealed_records(args.dead_letters, "LETTER", "dead_letters", LETTER_DOMAIN, letter_hash,
                       lambda r: {"applicationId": r.get("applicationId")})
    if args.drift:
        sealed_records(args.drift, "DRIFT", "drift_reports", DRIFT_DOMAIN, drift_hash,
                       lambda r: {"modelVersion": r.get("modelVersion")})

    report = {
        "clean": not findings,
        "counts": counts,
        "chains": {str(p): {"records": c["records"],
                            "firstSequence": min(c["seen"]) if c["seen"] else None,
                            "lastSequence": c["top"]} for p, c in chains.items()},
        "findings": findings,
    }
    if models is not None:
        report["models"] = models
    print(json.dumps(report, sort_keys=True))
    return 0 if not findings else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic", default="loan-decisions")
    parser.add_argument("--checkpoints", default="decision-checkpoints",
                        help="the checkpoints topic; empty to skip checkpoints")
    parser.add_argument("--public-key", action="append", required=True, metavar="KEY_ID=PEM_FILE")
    parser.add_argument("--releases", default="",
                        help="the model releases topic, to check its signatures (needs"
                             " --release-public-key)")
    parser.add_argument("--release-public-key", action="append", metavar="KEY_ID=PEM_FILE")
    parser.add_argument("--dead-letters", default="",
                        help="the dead-letter topic, to check the scorer's seal of each letter")
    parser.add_argument("--drift", default="",
                        help="the model drift topic, to check the scorer's seal of each report")
    parser.add_argument("--history-before-seals", action="store_true",
                        help="the dead-letter and drift topics still hold records from before the"
                             " scorer sealed them: unsealed ones before a partition's first sealed"
                             " one are counted, not findings")
    args = parser.parse_args()
    try:
        sys.exit(check(args))
    except (KafkaException, RuntimeError, ValueError, KeyError, OSError) as e:
        print(json.dumps({"error": type(e).__name__ + ": " + str(e)}), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
