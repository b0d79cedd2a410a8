-- One database per department, each owned by that department's own role: no superuser, no CREATEDB,
-- no CREATEROLE, and no other role may connect to it, so a subgraph reaches its own data only. The
-- services migrate their database at start-up. Passwords come from the docker secrets mounted into
-- the postgres service (psql reads them; none is written here).
\set ON_ERROR_STOP on

\set password `cat /run/secrets/civil_affairs_db_password`
CREATE ROLE civil_affairs_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE civil_affairs OWNER civil_affairs_app;
REVOKE ALL ON DATABASE civil_affairs FROM PUBLIC;

\set password `cat /run/secrets/disability_db_password`
CREATE ROLE disability_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE disability OWNER disability_app;
REVOKE ALL ON DATABASE disability FROM PUBLIC;

\set password `cat /run/secrets/trade_union_db_password`
CREATE ROLE trade_union_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE trade_union OWNER trade_union_app;
REVOKE ALL ON DATABASE trade_union FROM PUBLIC;

\set password `cat /run/secrets/health_db_password`
CREATE ROLE health_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE health OWNER health_app;
REVOKE ALL ON DATABASE health FROM PUBLIC;

\set password `cat /run/secrets/charity_db_password`
CREATE ROLE charity_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE charity OWNER charity_app;
REVOKE ALL ON DATABASE charity FROM PUBLIC;

\unset password
