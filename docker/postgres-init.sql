-- One database per department (each subgraph owns its data); the services migrate them at start-up.
CREATE DATABASE civil_affairs;
CREATE DATABASE disability;
CREATE DATABASE trade_union;
CREATE DATABASE health;
CREATE DATABASE charity;
