/* A real mosquitto broker for the tests, on 127.0.0.1 only, and an
 * in-process subscriber (libmosquitto).  Every broker gets a generated
 * config on free ports; it is stopped at the end, and killed if a test
 * runs past its time. */
#ifndef MNV2_TEST_BROKER_H
#define MNV2_TEST_BROKER_H

#include <glib.h>

typedef struct {
  GPid pid;
  gchar *dir; /* config, certificates, password file */
  gchar *conf;
  gint port;     /* plain listener */
  gint tls_port; /* TLS listener; 0: none */
} TestBroker;

/* The mosquitto program, or NULL (the tests then skip loudly). */
gchar *test_broker_program (void);

/* A fresh broker config in a temporary folder: a plain listener on a free
 * port; with TLS, a CA and a server certificate for 127.0.0.1 made by
 * openssl, and a TLS listener; with USER, only USER / PASSWORD may log in.
 * Not started. */
TestBroker *test_broker_new (gboolean tls, const gchar *user,
    const gchar *password);
/* Starts it and waits until it accepts connections (10 s at most). */
void test_broker_start (TestBroker *b);
/* Kills it (SIGKILL: an outage, not a clean shutdown) and waits. */
void test_broker_kill (TestBroker *b);
/* Stops it if running, removes its folder, frees. */
void test_broker_free (TestBroker *b);
/* A file in the broker's folder holding TEXT; returns its path. */
gchar *test_broker_write_file (TestBroker *b, const gchar *name,
    const gchar *text);

typedef struct _TestSubscriber TestSubscriber;
/* Subscribes to TOPIC on the plain listener (as USER / PASSWORD when set),
 * again after each reconnect; waits until subscribed. */
TestSubscriber *test_subscriber_new (TestBroker *b, const gchar *topic,
    const gchar *user, const gchar *password);
/* Waits until N messages arrived or TIMEOUT_MS passed; the count. */
guint test_subscriber_wait (TestSubscriber *s, guint n, guint timeout_ms);
/* The payloads received so far (a new array of copies). */
GPtrArray *test_subscriber_messages (TestSubscriber *s);
void test_subscriber_free (TestSubscriber *s);

#endif
