/**
 * jose ships only ES modules, which jest's CommonJS module system refuses to require; Node
 * itself loads them with require() (v20.19+), so tests take jose from Node's own loader.
 */
const path = require('node:path');

module.exports = require('node:module')._load(
  path.join(__dirname, '..', '..', 'node_modules', 'jose', 'dist', 'webapi', 'index.js'),
  null,
  false,
);
