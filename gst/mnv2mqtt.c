/* The MQTT side of mnv2publish (see mnv2mqtt.h).
 *
 * Three threads: the streaming thread appends to the queue; our sender
 * thread hands queued messages to libmosquitto while connected, keeping at
 * most WINDOW unacknowledged (so libmosquitto's own queue stays bounded
 * too); libmosquitto's thread does the network, reconnects with a capped
 * exponential backoff, and reports connections and acknowledgements. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>

#include "mnv2mqtt.h"

/* Messages handed to libmosquitto and not yet acknowledged, at most. */
#define WINDOW 64
/* Reconnection backoff: 1, 2, 4 ... seconds, at most this many. */
#define RECONNECT_MAX_S 16

typedef struct {
  gchar *payload;
  gsize len;
} Message;

struct _Mnv2Mqtt {
  struct mosquitto *mosq;
  gchar *topic;
  gint qos;
  gboolean retain;
  guint max_queue;
  Mnv2MqttNotify notify;
  gpointer user_data;
  GThread *sender;

  GMutex lock;
  GCond cond;
  GQueue queue;  /* Message, oldest first */
  guint pending; /* handed to libmosquitto, not acknowledged */
  gboolean connected, ever_connected, refused, quit;
  Mnv2MqttStats stats;
};

static void
message_free (gpointer data)
{
  Message *m = data;
  g_free (m->payload);
  g_free (m);
}

gboolean
mnv2_mqtt_parse_uri (const gchar *uri, Mnv2MqttOptions *opts, gchar **why)
{
  const gchar *rest;
  *why = NULL;
  if (uri && g_str_has_prefix (uri, "mqtt://")) {
    opts->tls = FALSE;
    rest = uri + 7;
  } else if (uri && g_str_has_prefix (uri, "mqtts://")) {
    opts->tls = TRUE;
    rest = uri + 8;
  } else {
    *why = g_strdup_printf ("broker '%s' is not mqtt://HOST[:PORT] or "
                            "mqtts://HOST[:PORT]",
        uri ? uri : "");
    return FALSE;
  }
  gchar *host = g_strdup (rest);
  gchar *slash = strchr (host, '/');
  if (slash && slash[1] == '\0')
    *slash = '\0';
  gint port = opts->tls ? 8883 : 1883;
  /* A port after the last colon, unless it closes an IPv6 literal. */
  gchar *colon = strrchr (host, ':');
  if (colon && !strchr (colon, ']')) {
    gchar *end;
    errno = 0;
    glong p = strtol (colon + 1, &end, 10);
    if (errno || *end || end == colon + 1 || p < 1 || p > 65535) {
      *why = g_strdup_printf ("broker '%s': '%s' is not a port number "
                              "(1-65535)",
          uri, colon + 1);
      g_free (host);
      return FALSE;
    }
    port = (gint) p;
    *colon = '\0';
  }
  if (host[0] == '[' && host[strlen (host) - 1] == ']') {
    memmove (host, host + 1, strlen (host));
    host[strlen (host) - 1] = '\0';
  }
  if (!*host || strchr (host, '/')) {
    *why = g_strdup_printf ("broker '%s' names no host", uri);
    g_free (host);
    return FALSE;
  }
  g_free (opts->host);
  opts->host = host;
  opts->port = port;
  return TRUE;
}

void
mnv2_mqtt_options_clear (Mnv2MqttOptions *opts)
{
  g_free (opts->host);
  g_free (opts->topic);
  g_free (opts->client_id);
  g_free (opts->username);
  if (opts->password) {
    memset (opts->password, 0, strlen (opts->password));
    g_free (opts->password);
  }
  g_free (opts->ca_file);
  g_free (opts->cert_file);
  g_free (opts->key_file);
  memset (opts, 0, sizeof *opts);
}

/* --- libmosquitto's thread ------------------------------------------------ */

static void
on_connect (struct mosquitto *mosq, void *data, int rc)
{
  Mnv2Mqtt *q = data;
  Mnv2MqttEvent event;
  gchar *text;

  g_mutex_lock (&q->lock);
  if (rc == 0) {
    q->connected = TRUE;
    event = q->ever_connected ? MNV2_MQTT_RECONNECTED : MNV2_MQTT_CONNECTED;
    if (q->ever_connected)
      q->stats.reconnects++;
    q->ever_connected = TRUE;
    text = g_strdup ("connected");
  } else {
    /* Wrong credentials and the like: retrying would not help. */
    q->refused = TRUE;
    event = MNV2_MQTT_REFUSED;
    text = g_strdup (mosquitto_connack_string (rc));
  }
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  if (rc != 0)
    mosquitto_disconnect (mosq);
  q->notify (event, text, q->user_data);
  g_free (text);
}

static void
on_disconnect (struct mosquitto *mosq, void *data, int rc)
{
  Mnv2Mqtt *q = data;
  (void) mosq;
  g_mutex_lock (&q->lock);
  const gboolean lost = q->connected && !q->quit && !q->refused && rc != 0;
  q->connected = FALSE;
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  if (lost)
    q->notify (MNV2_MQTT_DISCONNECTED, mosquitto_strerror (rc), q->user_data);
}

static void
on_publish (struct mosquitto *mosq, void *data, int mid)
{
  Mnv2Mqtt *q = data;
  (void) mosq;
  (void) mid;
  g_mutex_lock (&q->lock);
  if (q->pending)
    q->pending--;
  q->stats.published++;
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
}

/* --- our sender thread ---------------------------------------------------- */

static gpointer
sender (gpointer data)
{
  Mnv2Mqtt *q = data;

  g_mutex_lock (&q->lock);
  while (!q->quit) {
    if (!q->connected || q->pending >= WINDOW || !q->queue.length) {
      g_cond_wait (&q->cond, &q->lock);
      continue;
    }
    Message *m = g_queue_pop_head (&q->queue);
    q->pending++;
    g_mutex_unlock (&q->lock);
    int rc = mosquitto_publish (q->mosq, NULL, q->topic, (int) m->len,
        m->payload, q->qos, q->retain);
    g_mutex_lock (&q->lock);
    if (rc == MOSQ_ERR_SUCCESS) {
      message_free (m);
      continue;
    }
    /* Not connected after all (the disconnect callback is on its way):
     * back to the head, in order. */
    q->pending--;
    g_queue_push_head (&q->queue, m);
    q->connected = FALSE;
    g_cond_wait_until (&q->cond, &q->lock,
        g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
  }
  g_mutex_unlock (&q->lock);
  return NULL;
}

/* --- the streaming thread ------------------------------------------------- */

static gpointer
lib_init (gpointer unused)
{
  (void) unused;
  mosquitto_lib_init ();
  return NULL;
}

Mnv2Mqtt *
mnv2_mqtt_start (const Mnv2MqttOptions *opts, Mnv2MqttNotify notify,
    gpointer user_data, gchar **why)
{
  static GOnce once = G_ONCE_INIT;
  int rc;

  *why = NULL;
  g_once (&once, lib_init, NULL);
  Mnv2Mqtt *q = g_new0 (Mnv2Mqtt, 1);
  q->topic = g_strdup (opts->topic);
  q->qos = opts->qos;
  q->retain = opts->retain;
  q->max_queue = MAX (opts->max_queue, 1);
  q->notify = notify;
  q->user_data = user_data;
  g_mutex_init (&q->lock);
  g_cond_init (&q->cond);
  g_queue_init (&q->queue);

  q->mosq = mosquitto_new (opts->client_id, TRUE, q);
  if (!q->mosq) {
    *why = g_strdup_printf ("could not make an MQTT client: %s",
        g_strerror (errno));
    goto failed;
  }
  mosquitto_connect_callback_set (q->mosq, on_connect);
  mosquitto_disconnect_callback_set (q->mosq, on_disconnect);
  mosquitto_publish_callback_set (q->mosq, on_publish);
  mosquitto_reconnect_delay_set (q->mosq, 1, RECONNECT_MAX_S, true);
  if (opts->username &&
      (rc = mosquitto_username_pw_set (q->mosq, opts->username,
           opts->password)) != MOSQ_ERR_SUCCESS) {
    *why = g_strdup_printf ("username: %s", mosquitto_strerror (rc));
    goto failed;
  }
  if (opts->tls &&
      (rc = mosquitto_tls_set (q->mosq, opts->ca_file,
           opts->ca_file ? NULL : "/etc/ssl/certs", opts->cert_file,
           opts->key_file, NULL)) != MOSQ_ERR_SUCCESS) {
    *why = g_strdup_printf ("TLS setup (ca-file '%s', cert-file '%s', "
                            "key-file '%s'): %s",
        opts->ca_file ? opts->ca_file : "",
        opts->cert_file ? opts->cert_file : "",
        opts->key_file ? opts->key_file : "", mosquitto_strerror (rc));
    goto failed;
  }
  if ((rc = mosquitto_loop_start (q->mosq)) != MOSQ_ERR_SUCCESS) {
    *why = g_strdup_printf ("could not start the MQTT thread: %s",
        mosquitto_strerror (rc));
    goto failed;
  }
  /* A broker that is down now is retried by the loop thread: a camera
   * should not stop because the broker restarts. */
  rc = mosquitto_connect_async (q->mosq, opts->host, opts->port,
      opts->keepalive);
  if (rc == MOSQ_ERR_INVAL) {
    *why = g_strdup_printf ("cannot connect to %s:%d: %s", opts->host,
        opts->port, mosquitto_strerror (rc));
    mosquitto_loop_stop (q->mosq, true);
    goto failed;
  }
  q->sender = g_thread_new ("mnv2-mqtt", sender, q);
  return q;

failed:
  if (q->mosq)
    mosquitto_destroy (q->mosq);
  g_free (q->topic);
  g_mutex_clear (&q->lock);
  g_cond_clear (&q->cond);
  g_free (q);
  return NULL;
}

void
mnv2_mqtt_send (Mnv2Mqtt *q, gchar *payload, gsize len)
{
  Message *m = g_new (Message, 1);
  Message *old = NULL;
  m->payload = payload;
  m->len = len;
  g_mutex_lock (&q->lock);
  q->stats.sent++;
  g_queue_push_tail (&q->queue, m);
  if (q->queue.length > q->max_queue) {
    old = g_queue_pop_head (&q->queue);
    q->stats.dropped++;
  }
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  if (old)
    message_free (old);
}

gboolean
mnv2_mqtt_flush (Mnv2Mqtt *q, guint timeout_ms)
{
  const gint64 end = g_get_monotonic_time () +
      (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean empty;
  g_mutex_lock (&q->lock);
  while ((q->queue.length || q->pending) && !q->refused)
    if (!g_cond_wait_until (&q->cond, &q->lock, end))
      break;
  empty = !q->queue.length && !q->pending;
  g_mutex_unlock (&q->lock);
  return empty;
}

void
mnv2_mqtt_get_stats (Mnv2Mqtt *q, Mnv2MqttStats *stats)
{
  g_mutex_lock (&q->lock);
  *stats = q->stats;
  stats->queued = q->queue.length + q->pending;
  stats->connected = q->connected;
  g_mutex_unlock (&q->lock);
}

void
mnv2_mqtt_stop (Mnv2Mqtt *q, Mnv2MqttStats *stats)
{
  if (!q)
    return;
  g_mutex_lock (&q->lock);
  q->quit = TRUE;
  g_cond_broadcast (&q->cond);
  g_mutex_unlock (&q->lock);
  g_thread_join (q->sender);
  mosquitto_disconnect (q->mosq);
  mosquitto_loop_stop (q->mosq, false);
  mosquitto_destroy (q->mosq);

  /* What was not published is lost now: counted, so the counts add up. */
  q->stats.dropped += q->queue.length + q->pending;
  q->stats.queued = 0;
  q->stats.connected = FALSE;
  if (stats)
    *stats = q->stats;
  g_queue_clear_full (&q->queue, message_free);
  g_free (q->topic);
  g_mutex_clear (&q->lock);
  g_cond_clear (&q->cond);
  g_free (q);
}
