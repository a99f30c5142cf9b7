/*
 * Build configuration (the seeds of the spec): which parts of the
 * persistent-code system are built in. Every combination must build.
 *
 *   MICA_ENABLE_COMPILER   source -> bytecode (lexer, parser, compiler)
 *   MICA_PERSIST_LOAD      .mpy loader and verifier
 *   MICA_PERSIST_SAVE      .mpy writer
 *
 * `mica` is built with all three; the load-only runtime with only
 * MICA_PERSIST_LOAD; `mica-cross` with the compiler and the writer.
 */
#ifndef MICA_CORE_CONFIG_H
#define MICA_CORE_CONFIG_H

#ifndef MICA_ENABLE_COMPILER
#define MICA_ENABLE_COMPILER (1)
#endif
#ifndef MICA_PERSIST_LOAD
#define MICA_PERSIST_LOAD (1)
#endif
#ifndef MICA_PERSIST_SAVE
#define MICA_PERSIST_SAVE (1)
#endif

#define MICA_VERSION_STRING "0.1.0"

#endif
