/* The MQTT side of mnv2publish: a bounded queue of messages, a sender
 * thread, and libmosquitto's network thread (connection, reconnection with
 * capped backoff, acknowledgements).
 *
 * The streaming thread only appends to the queue (never waits for the
 * network): when the queue is full the oldest message is dropped and
 * counted.  GLib and libmosquitto only. */
#ifndef __GST_MNV2_MQTT_H__
#define __GST_MNV2_MQTT_H__

#include <glib.h>

G_BEGIN_DECLS

typedef struct _Mnv2Mqtt Mnv2Mqtt;

typedef struct {
  gchar *host;
  gint port;
  gboolean tls;
  gchar *topic, *client_id;
  gint qos;
  gboolean retain;
  gchar *username, *password;            /* NULL: none */
  gchar *ca_file, *cert_file, *key_file; /* NULL: none */
  gint keepalive;                        /* seconds */
  guint max_queue;                       /* messages waiting, at most */
} Mnv2MqttOptions;

/* What happened on the connection, for the element to tell the bus. */
typedef enum {
  MNV2_MQTT_CONNECTED, /* the first time */
  MNV2_MQTT_RECONNECTED,
  MNV2_MQTT_DISCONNECTED, /* lost: reconnecting */
  MNV2_MQTT_REFUSED,      /* the broker refused us: stopped trying */
} Mnv2MqttEvent;

/* Called on libmosquitto's thread; TEXT says what (e.g. the broker's
 * reason). */
typedef void (*Mnv2MqttNotify) (Mnv2MqttEvent event, const gchar *text,
    gpointer user_data);

/* "mqtt://HOST[:PORT]" or "mqtts://HOST[:PORT]" into OPTS' host, port and
 * tls; FALSE with *WHY (free it) when URI is not one. */
gboolean mnv2_mqtt_parse_uri (const gchar *uri, Mnv2MqttOptions *opts,
    gchar **why);
void mnv2_mqtt_options_clear (Mnv2MqttOptions *opts);

/* Starts connecting (in the background: an unreachable broker is retried)
 * and the sender thread.  NULL with *WHY (free it) when libmosquitto
 * refuses the options (e.g. unreadable TLS files). */
Mnv2Mqtt *mnv2_mqtt_start (const Mnv2MqttOptions *opts, Mnv2MqttNotify notify,
    gpointer user_data, gchar **why);

/* Queues PAYLOAD (taken, LEN bytes) to be published. */
void mnv2_mqtt_send (Mnv2Mqtt *mqtt, gchar *payload, gsize len);

/* Waits up to TIMEOUT_MS for every queued message to be published; TRUE
 * when none is left. */
gboolean mnv2_mqtt_flush (Mnv2Mqtt *mqtt, guint timeout_ms);

typedef struct {
  guint64 sent;      /* handed to mnv2_mqtt_send */
  guint64 published; /* acknowledged (QoS 1, 2) or written (0) */
  guint64 dropped;   /* pushed out of a full queue, or left at
                                 * stop */
  guint64 queued;    /* waiting, or in flight */
  guint64 reconnects;
  gboolean connected;
} Mnv2MqttStats;
void mnv2_mqtt_get_stats (Mnv2Mqtt *mqtt, Mnv2MqttStats *stats);

/* Disconnects, stops the threads; what was not published is counted as
 * dropped.  Returns the final stats in STATS (may be NULL). */
void mnv2_mqtt_stop (Mnv2Mqtt *mqtt, Mnv2MqttStats *stats);

G_END_DECLS

#endif
