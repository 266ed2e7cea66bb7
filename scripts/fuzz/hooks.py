"""Schemathesis hooks for wenzheng: strategies for the custom scalars, and the one check that
matters here: no 5xx answer. (Schemathesis's own `not_a_server_error` also fails on GraphQL
errors with `data: null`, which this API returns on purpose for refusals such as FORBIDDEN.)"""

import datetime

import graphql
from hypothesis import strategies as st

import schemathesis
from schemathesis.graphql import nodes

schemathesis.graphql.scalar(
    "NaiveDate", st.dates().map(lambda d: nodes.String(d.isoformat()))
)
schemathesis.graphql.scalar(
    "DateTime",
    st.datetimes(timezones=st.just(datetime.timezone.utc)).map(
        lambda d: nodes.String(d.isoformat())
    ),
)


def _json_object(items):
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=nodes.Int(v))
            for k, v in items.items()
        ]
    )


schemathesis.graphql.scalar(
    "JSON",
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.integers(-1000, 1000), max_size=3
    ).map(_json_object),
)


@schemathesis.check
def no_server_error(ctx, response, case):
    """Fails on any 5xx answer."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
