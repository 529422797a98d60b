# One image for every service; docker-compose picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
# Nothing leaves the machine unless configured: Apollo's packages report usage unless this is set.
ENV APOLLO_TELEMETRY_DISABLED=true
EXPOSE 4000 4001 4002 4003
CMD ["node", "dist/gateway/index.js"]
