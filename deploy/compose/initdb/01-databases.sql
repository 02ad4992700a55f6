-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
-- One database per service (docs/conventions.md); each service's Flyway migrations create its tables.
CREATE DATABASE units;
CREATE DATABASE targets;
CREATE DATABASE reports;
