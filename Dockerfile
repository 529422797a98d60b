# One image for every service; docker-compose picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
EXPOSE 4000 4001 4002 4003
CMD ["node", "dist/gateway/index.js"]
