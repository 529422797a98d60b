// The e2e project that runs every *.e2e.ts file on real PostgreSQL (see jest.config.js).
process.env.FEDERATION_DATABASE = 'postgres';
