#!/usr/bin/env python3
"""Drives the Highwater ConnectWise sandbox with pyconnectwise 0.6.1.2, a third-party client, to
prove the simulator speaks the protocol real clients expect (not just what our own client expects).

Usage: pyconnectwise_check.py BASE_URL COMPANY_ID PUBLIC_KEY PRIVATE_KEY CLIENT_ID

Lists companies across pages by following Link headers, filters by company type with
childConditions, patches an agreement addition, creates a ticket (and a note), checks that
validation errors surface as pyconnectwise's own exceptions, and prints a JSON summary on stdout
for the calling Rust test to compare with the sandbox's data. Exits 0 only if every check passes.
"""

import json
import sys
from urllib.parse import urlparse

PIN = "pyconnectwise==0.6.1.2"

try:
    from pyconnectwise import ConnectWiseManageAPIClient
    from pyconnectwise.exceptions import MalformedRequestException, ObjectExistsError
except ImportError as exc:  # pragma: no cover - exercised when the package is absent
    sys.stderr.write(
        f"pyconnectwise is not importable ({exc}).\n"
        f"Install it with: python3 -m pip install {PIN}\n"
    )
    sys.exit(3)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def make_client(base_url, company_id, public_key, private_key, client_id):
    root = base_url.rstrip("/")
    host = urlparse(root).netloc

    class LocalManageClient(ConnectWiseManageAPIClient):
        """pyconnectwise hard-codes https; only the scheme is changed (doc §10.1)."""

        def _get_url(self):
            return f"{root}/{self.codebase.strip('/')}/apis/3.0"

        def _try_get_codebase_from_api(self, manage_url, company_name, headers):
            # Same request as the library's, over http: exercises the sandbox's companyinfo.
            response = self._make_request(
                "GET", f"{root}/login/companyinfo/{company_name}", headers=headers
            )
            return response.json().get("Codebase")

    return LocalManageClient(company_id, host, client_id, public_key, private_key)


def main(argv):
    if len(argv) != 6:
        sys.stderr.write(__doc__)
        return 2
    client = make_client(*argv[1:])
    summary = {"codebase": client.codebase}

    # 1. All companies across pages, driven by the Link header (page size 7 forces many pages).
    total = client.company.companies.count.get().count
    first = client.company.companies.paginated(1, 7, {"orderBy": "id asc"})
    check(first.has_next_page and first.next_page == 2, "first page must link rel=next page 2")
    check(first.last_page == -(-total // 7), f"rel=last must be page {-(-total // 7)}")
    listed = [c.id for c in first.all()]
    check(len(listed) == total, f"listed {len(listed)} companies, count says {total}")
    check(listed == sorted(set(listed)), "pages overlap or are out of order")
    summary["all_company_ids"] = listed

    # 2. Filter by company type (childConditions over the types array) and not deleted.
    params = {"childConditions": "types/id=1", "conditions": "deletedFlag=false"}
    customers = list(client.company.companies.paginated(1, 5, dict(params)).all())
    check(customers, "no Customer companies found")
    for c in customers:
        check(any(t.id == 1 for t in c.types), f"company {c.id} is not a Customer")
        check(not c.deleted_flag, f"company {c.id} is deleted")
    counted = client.company.companies.count.get(params=dict(params)).count
    check(counted == len(customers), f"count {counted} != listed {len(customers)}")
    summary["customer_ids"] = [c.id for c in customers]

    # Escaping: a name with both quote kinds is found with an escaped literal.
    obrien = client.company.companies.get(params={"conditions": 'name="O\'Brien \\"IT\\" Services"'})
    check([c.name for c in obrien] == ['O\'Brien "IT" Services'], f"escaped lookup gave {obrien}")

    # 3. Patch an addition of an active agreement.
    agreements = client.finance.agreements.get(
        params={"conditions": f"company/id={customers[0].id} and cancelledFlag=false"}
    )
    check(agreements, f"company {customers[0].id} has no active agreement")
    agreement = agreements[0]
    additions = client.finance.agreements.id(agreement.id).additions.get(
        params={"conditions": "cancelledDate=null"}
    )
    check(additions, f"agreement {agreement.id} has no live addition")
    target = additions[0]
    patched = (
        client.finance.agreements.id(agreement.id)
        .additions.id(target.id)
        .patch([{"op": "replace", "path": "quantity", "value": 33}])
    )
    check(patched.quantity == 33, f"patch returned quantity {patched.quantity}")
    again = client.finance.agreements.id(agreement.id).additions.id(target.id).get()
    check(again.quantity == 33, "patched quantity did not persist")
    summary["patched_addition"] = {"agreement": agreement.id, "id": target.id, "quantity": 33}

    # 4. Create a ticket on a board with a status of that board, then a note.
    board = [b for b in client.service.boards.get(params={"conditions": "inactiveFlag=false"}) if b.name == "Help Desk"][0]
    statuses = client.service.boards.id(board.id).statuses.get()
    new_status = [s for s in statuses if s.name == "New"][0]
    priority = [p for p in client.service.priorities.get() if p.default_flag][0]
    source = [s for s in client.service.sources.get() if s.name == "Email"][0]
    xref = "conformance:pyconnectwise:1"
    ticket = client.service.tickets.post(
        {
            "summary": "Conformance: pyconnectwise created this",
            "recordType": "ServiceTicket",
            "company": {"id": customers[0].id},
            "board": {"id": board.id},
            "status": {"id": new_status.id},
            "priority": {"id": priority.id},
            "source": {"id": source.id},
            "initialDescription": "Created by tests/conformance/pyconnectwise_check.py",
            "externalXRef": xref,
        }
    )
    check(ticket.id and ticket.summary.startswith("Conformance"), "ticket not created")
    check(ticket.company.id == customers[0].id and ticket.status.id == new_status.id, "ticket references wrong")
    found = client.service.tickets.get(params={"conditions": f'externalXRef="{xref}"'})
    check([t.id for t in found] == [ticket.id], f"externalXRef search gave {[t.id for t in found]}")
    note = client.service.tickets.id(ticket.id).notes.post(
        {"text": "Follow-up from pyconnectwise", "internalAnalysisFlag": True}
    )
    check(note.ticket_id == ticket.id and note.internal_analysis_flag, "note not attached")
    summary["ticket"] = {"id": ticket.id, "externalXRef": xref, "company": customers[0].id}

    # 5. Validation failures map onto pyconnectwise's exceptions.
    try:
        client.service.tickets.post({"company": {"id": customers[0].id}})
        check(False, "a ticket without summary was accepted")
    except MalformedRequestException:
        pass
    existing = client.company.companies.id(customers[0].id).get()
    try:
        client.company.companies.post(
            {"identifier": existing.identifier, "name": "Duplicate", "addressLine1": "1 Main St"}
        )
        check(False, "a duplicate identifier was accepted")
    except ObjectExistsError:
        pass

    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
