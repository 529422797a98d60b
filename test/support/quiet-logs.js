// Tests keep services' log lines to warnings and errors unless LOG_LEVEL asks for more.
process.env.LOG_LEVEL ??= 'warn';
