"""Request bodies for bench/run.sh, one JSON document per line (wrk picks lines at random).

usage: python3 bench/bodies.py <out-dir> <n-bulk-inquiries> <duanzhou-district-uuid>
"""

import json
import random
import sys
from pathlib import Path

out, n, duanzhou = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(20261129)


def write(name: str, documents: list[dict]) -> None:
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for d in documents:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


# Workload 1: the first 50 inquiries with their department, newest first, by primary key on both.
write("w1_wenzheng", [{"query": "{ inquiries(first: 50) { nodes { id reference subject createdAt department { id name } } } }"}])
write("w1_postgraphile", [{"query": "{ allInquiries(first: 50, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { id reference subject createdAt departmentByDepartmentId { id name } } } }"}])

# Workload 2: the portal's page (SUPERVISOR of Duanzhou on wenzheng, scoped by its policy);
# PostGraphile gets the nearest equivalent without access control or deadline state.
write("w2_wenzheng", [{"query": "{ inquiries(first: 50) { nodes { id reference subject status createdAt dueAt deadlineState department { name } officer { dutyName } lastReply { body createdAt } } } }"}])
write("w2_postgraphile", [{"query": "{ allInquiries(first: 50, condition: {districtId: \"%s\"}, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { id reference subject status createdAt dueAt departmentByDepartmentId { name } officerByOfficerId { dutyName } repliesByInquiryId(first: 1, orderBy: [CREATED_AT_DESC]) { nodes { body createdAt } } } } }" % duanzhou}])

# Workload 3: anonymous submissions from the citizen app, varied.
submit = "mutation($input: SubmitInquiryInput!) { submitInquiry(input: $input) { inquiry { id reference status dueAt } trackingCode } }"
subjects = ["身份证补办需要多久", "小区门口乱停车", "电动车被盗怎么报案", "户口迁移咨询", "噪音扰民投诉", "出入境证件办理", "驾驶证到期换证", "夜间施工扰民"]
districts = ["441202", "441203", "441204", "441223", "441224", "441225", "441226", "441284"]
kinds = ["CONSULTATION", "COMPLAINT", "SUGGESTION"]
channels = ["MOBILE_APP", "WECHAT", "SINA_WEIBO"]
write("w3_wenzheng", [
    {"query": submit, "variables": {"input": {
        "kind": kinds[i % 3], "channel": channels[i % 3], "districtCode": districts[i % 8],
        "subject": subjects[i % 8], "body": f"您好，{subjects[i % 8]}，请问应该怎么办理？（压测第{i}件）",
        "anonymous": True}}}
    for i in range(2000)
])

# Workload 4: tracking by reference and code, over the whole table.
track = "query($r: String!, $c: String!) { trackInquiry(reference: $r, trackingCode: $c) { reference status subject dueAt replies { body createdAt } events { kind at } } }"
write("w4_wenzheng", [
    {"query": track, "variables": {"r": f"ZQS-{rng.randint(1, n)}", "c": "BENCHTRACK01"}}
    for _ in range(5000)
])

# Workload 5: staff searching the answer library with real citizens' questions.
questions = json.loads(Path("tests/fixtures/answer_questions.json").read_text(encoding="utf-8"))
search = "query($q: String!) { searchAnswers(query: $q, first: 10) { score title snippet } }"
write("w5_wenzheng", [{"query": search, "variables": {"q": q["question"]}} for q in questions])
