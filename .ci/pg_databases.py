"""Create empty PostgreSQL databases for a CI run (dropping what an earlier run left)."""

import sys

import psycopg

server, names = sys.argv[1].replace("+psycopg", ""), sys.argv[2:]
with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
    for name in names:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        print("created", name)
