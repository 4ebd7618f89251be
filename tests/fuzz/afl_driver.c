/* A main() for the fuzz targets without libFuzzer: AFL++ (build with
 * CC=afl-clang-fast, -Dfuzz_engine=afl; run afl-fuzz ... -- TARGET @@, or
 * without @@ to feed standard input) and replay of saved inputs with any
 * compiler (TARGET FILE...).  Uses AFL++'s persistent mode when the
 * compiler provides it. */
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

#define MAX_INPUT (1u << 20)

static int
run_stream (FILE *f, unsigned char *buf)
{
  const size_t n = fread (buf, 1, MAX_INPUT, f);
  if (ferror (f))
    return -1;
  LLVMFuzzerTestOneInput (buf, n);
  return 0;
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT ();
#endif

int
main (int argc, char **argv)
{
  unsigned char *buf = malloc (MAX_INPUT);
  if (!buf)
    return 1;
  if (argc > 1) {
    /* Replay (or afl-fuzz with @@): each file once. */
    for (int i = 1; i < argc; i++) {
      FILE *f = fopen (argv[i], "rb");
      if (!f || run_stream (f, buf) != 0) {
        fprintf (stderr, "cannot read %s\n", argv[i]);
        free (buf);
        return 1;
      }
      fclose (f);
    }
    free (buf);
    return 0;
  }
#ifdef __AFL_FUZZ_TESTCASE_LEN
  /* Persistent mode: many inputs per process, from shared memory. */
  __AFL_INIT ();
  unsigned char *shm = __AFL_FUZZ_TESTCASE_BUF;
  while (__AFL_LOOP (10000))
    LLVMFuzzerTestOneInput (shm, (size_t) __AFL_FUZZ_TESTCASE_LEN);
#else
  run_stream (stdin, buf);
#endif
  free (buf);
  return 0;
}
