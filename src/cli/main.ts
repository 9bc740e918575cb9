#!/usr/bin/env node
console.error('jingle-bridge: no commands yet');
process.exit(1);
