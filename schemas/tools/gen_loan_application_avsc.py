#!/usr/bin/env python3
"""Writes LoanApplication.avsc from the real Kaggle application rows (types and missingness) and Kaggle's
column descriptions. Run once when the contract changes; the output is reviewed and committed, the data is not.

usage: gen_loan_application_avsc.py SHARED_DATA_DIR OUT_FILE
"""
import csv, gzip, json, sys

data, out = sys.argv[1], sys.argv[2]
cols, kinds, missing = None, {}, {}

def kind(v):
    try:
        int(v); return "int"
    except ValueError:
        pass
    try:
        float(v); return "double"
    except ValueError:
        return "string"

rank = {"int": 0, "double": 1, "string": 2}
for name in ("application_train.sample.csv.gz", "application_test.csv.gz"):
    with gzip.open(f"{data}/{name}", "rt", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        for row in r:
            for c, v in zip(header, row):
                if c == "TARGET":
                    continue
                if v == "":
                    missing[c] = True
                    continue
                k = kind(v)
                if rank[k] > rank[kinds.get(c, "int")]:
                    kinds[c] = k
                else:
                    kinds.setdefault(c, k)
        if cols is None:
            cols = [c for c in header if c != "TARGET"]

# Kaggle's full tables have a few missing values that the recovered rows do not show.
for c in ("AMT_ANNUITY", "AMT_GOODS_PRICE", "CNT_FAM_MEMBERS", "DAYS_LAST_PHONE_CHANGE"):
    missing[c] = True

docs = {}
with open(f"{data}/HomeCredit_columns_description.csv", encoding="latin-1", newline="") as f:
    for row in csv.DictReader(f):
        if row["Table"].startswith("application"):
            docs[row["Row"]] = row["Description"].strip()

fields = [
    {"name": "applicationId", "type": "string", "doc": "Unique id of this application, assigned by the submitter or the portal."},
    {"name": "channel", "type": "string", "default": "UNKNOWN",
     "doc": "Where the application came from (e.g. BRANCH, WEB, API, REPLAY)."},
    {"name": "submittedAt", "type": {"type": "long", "logicalType": "timestamp-millis"},
     "doc": "When the front office submitted the application (UTC)."},
]
for c in cols:
    t = {"int": "int", "double": "double", "string": "string"}[kinds[c]]
    if c == "SK_ID_CURR":
        t = "long"
    f = {"name": c, "type": ["null", t] if missing.get(c) else t}
    if missing.get(c):
        f["default"] = None
    if c in docs:
        f["doc"] = docs[c]
    fields.append(f)

schema = {"type": "record", "name": "LoanApplication", "namespace": "io.creditstream.avro",
          "doc": "A loan application as the front office submits it: the Kaggle Home Credit application columns "
                 "(without TARGET) under their Kaggle names, plus application id, channel and submission time. "
                 "Key: the client id (SK_ID_CURR) as a decimal string.",
          "fields": fields}
with open(out, "w") as f:
    json.dump(schema, f, indent=2)
    f.write("\n")
print(len(cols), "columns;", sum(1 for c in cols if missing.get(c)), "nullable")
