// The e2e project that runs every *.e2e.ts file on the embedded database `npm start` uses (see jest.config.js).
process.env.FEDERATION_DATABASE = 'embedded';
