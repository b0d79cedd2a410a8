# One image for the gateway and the five subgraphs; docker-compose.yml picks the entry per service.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json supergraph.graphql ./
COPY shared ./shared
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY tests/fixtures ./tests/fixtures
COPY scripts ./scripts
USER node
# e.g. subgraphs/civil-affairs/src/index.ts or gateway/src/index.ts
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["gateway/src/index.ts"]
