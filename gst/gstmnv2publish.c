/**
 * SECTION:element-mnv2publish
 * @title: mnv2publish
 *
 * Publishes the analytics results of every buffer that has some (every
 * buffer with publish-empty=true) to an MQTT broker, one message per
 * buffer in the JSON of mnv2json (one serializer: "pts", stream time
 * "timestamp", "source", "tags", "classes", "objects" with "object_id" and
 * "result_pts", "segmentation"), and lets the buffers pass unchanged.
 *
 * Publishing never blocks the streaming thread: messages wait in a queue
 * of max-queue (when full, the oldest is dropped and counted) while a
 * sender thread hands them to libmosquitto; a lost connection is retried
 * with a capped backoff (1, 2, 4 ... 16 s), with a warning on the bus at
 * each disconnect and reconnect.  At EOS the element waits up to
 * flush-timeout ms for the queue to drain.  A bad broker URI or an
 * unreadable password, CA, certificate or key file fails the state change
 * with a message naming it; a broker that refuses the connection (wrong
 * credentials) is an element error with the broker's reason.  The
 * read-only stats property counts sent, published, dropped, queued and
 * reconnects.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect inference-mode=live ! mnv2track ! mnv2publish broker=mqtt://broker.local:1883 topic=site/cam1/results source=cam1 ! fakesink
 * mosquitto_sub -h broker.local -t 'site/+/results'
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/video/video.h>

#include "gstmnv2publish.h"
#include "mnv2mqtt.h"
#include "mnv2results_json.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_publish_debug);
#define GST_CAT_DEFAULT gst_mnv2_publish_debug

#define DEFAULT_BROKER "mqtt://localhost:1883"
#define DEFAULT_TOPIC "gst-mnv2/results"
#define DEFAULT_QOS 1
#define DEFAULT_KEEPALIVE 60
#define DEFAULT_MAX_QUEUE 1000
#define DEFAULT_FLUSH_TIMEOUT 5000

enum {
  PROP_0,
  PROP_BROKER,
  PROP_TOPIC,
  PROP_CLIENT_ID,
  PROP_QOS,
  PROP_RETAIN,
  PROP_USERNAME,
  PROP_PASSWORD_FILE,
  PROP_CA_FILE,
  PROP_CERT_FILE,
  PROP_KEY_FILE,
  PROP_KEEPALIVE,
  PROP_MAX_QUEUE,
  PROP_FLUSH_TIMEOUT,
  PROP_PUBLISH_EMPTY,
  PROP_SOURCE,
  PROP_TAGS,
  PROP_STATS,
};

struct _GstMnv2Publish {
  GstBaseTransform parent;

  /* properties (object lock) */
  gchar *broker, *topic, *client_id, *username, *password_file;
  gchar *ca_file, *cert_file, *key_file, *source, *tags_text;
  gint qos, keepalive;
  gboolean retain, publish_empty;
  guint max_queue, flush_timeout;

  /* from start to stop */
  Mnv2Mqtt *mqtt;
  GstStructure *tags;
  gint width, height;
  gint refused;             /* atomic: the broker refused us */
  Mnv2MqttStats last_stats; /* after stop (object lock) */
};

G_DEFINE_TYPE (GstMnv2Publish, gst_mnv2_publish, GST_TYPE_BASE_TRANSFORM);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

/* On libmosquitto's thread: what the connection does, for the bus. */
static void
notify (Mnv2MqttEvent event, const gchar *text, gpointer user_data)
{
  GstMnv2Publish *self = user_data;
  GST_OBJECT_LOCK (self);
  gchar *broker = g_strdup (self->broker);
  const guint max_queue = self->max_queue;
  GST_OBJECT_UNLOCK (self);

  switch (event) {
    case MNV2_MQTT_CONNECTED:
      GST_INFO_OBJECT (self, "connected to %s", broker);
      break;
    case MNV2_MQTT_RECONNECTED:
      GST_ELEMENT_WARNING (self, RESOURCE, OPEN_WRITE,
          ("Reconnected to the "
           "MQTT broker %s; publishing the queued results",
              broker),
          (NULL));
      break;
    case MNV2_MQTT_DISCONNECTED:
      GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
          ("Lost the connection to "
           "the MQTT broker %s (%s); reconnecting, results wait in a "
           "queue of %u (max-queue)",
              broker, text, max_queue),
          (NULL));
      break;
    case MNV2_MQTT_REFUSED:
      /* Posted before the flag is set: the streaming thread returns an
       * error once it sees the flag, and its source then posts "Internal
       * data stream error", which must not come first (it did, under
       * qemu's timing). */
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
          ("The MQTT broker %s "
           "refused the connection: %s",
              broker, text),
          ("check username and password-file"));
      g_atomic_int_set (&self->refused, 1);
      break;
  }
  g_free (broker);
}

/* The first line of PATH, or NULL after posting an error naming it. */
static gchar *
read_password (GstMnv2Publish *self, const gchar *path)
{
  GError *error = NULL;
  gchar *text;
  if (!g_file_get_contents (path, &text, NULL, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        ("Could not read the "
         "password-file '%s': %s",
            path, error->message),
        (NULL));
    g_error_free (error);
    return NULL;
  }
  text[strcspn (text, "\r\n")] = '\0';
  return text;
}

/* Each TLS file set must be readable: say which is not. */
static gboolean
check_readable (GstMnv2Publish *self, const gchar *prop, const gchar *path)
{
  if (!path)
    return TRUE;
  FILE *f = g_fopen (path, "rb");
  if (!f) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        ("Could not read the %s "
         "'%s': %s",
            prop, path, g_strerror (errno)),
        (NULL));
    return FALSE;
  }
  fclose (f);
  return TRUE;
}

static gboolean
gst_mnv2_publish_start (GstBaseTransform *trans)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (trans);
  Mnv2MqttOptions o = { 0 };
  gchar *why = NULL, *password_file, *tags_text, *broker;

  GST_OBJECT_LOCK (self);
  broker = g_strdup (self->broker);
  o.topic = g_strdup (self->topic);
  o.client_id = g_strdup (self->client_id);
  o.qos = self->qos;
  o.retain = self->retain;
  o.username = g_strdup (self->username);
  o.ca_file = g_strdup (self->ca_file);
  o.cert_file = g_strdup (self->cert_file);
  o.key_file = g_strdup (self->key_file);
  o.keepalive = self->keepalive;
  o.max_queue = self->max_queue;
  password_file = g_strdup (self->password_file);
  tags_text = g_strdup (self->tags_text);
  memset (&self->last_stats, 0, sizeof self->last_stats);
  GST_OBJECT_UNLOCK (self);
  g_atomic_int_set (&self->refused, 0);

  gboolean ok = FALSE;
  if (!mnv2_mqtt_parse_uri (broker, &o, &why)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", why), (NULL));
    goto done;
  }
  if (!o.topic || !*o.topic) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("No topic set"), (NULL));
    goto done;
  }
  if (password_file && !(o.password = read_password (self, password_file)))
    goto done;
  if (!check_readable (self, "ca-file", o.ca_file) ||
      !check_readable (self, "cert-file", o.cert_file) ||
      !check_readable (self, "key-file", o.key_file))
    goto done;
  if ((o.cert_file != NULL) != (o.key_file != NULL)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("cert-file and key-file "
         "go together: set both or neither"),
        (NULL));
    goto done;
  }
  if ((o.ca_file || o.cert_file) && !o.tls) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("ca-file, cert-file and "
         "key-file are for TLS: use an mqtts:// broker URI (not '%s')",
            broker),
        (NULL));
    goto done;
  }
  self->tags = gst_mnv2_json_parse_tags (tags_text, &why);
  if (why) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", why), (NULL));
    goto done;
  }
  Mnv2Mqtt *mqtt = mnv2_mqtt_start (&o, notify, self, &why);
  if (!mqtt) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        ("MQTT broker %s: %s", broker, why), (NULL));
    goto done;
  }
  GST_OBJECT_LOCK (self);
  self->mqtt = mqtt;
  GST_OBJECT_UNLOCK (self);
  ok = TRUE;

done:
  g_free (why);
  mnv2_mqtt_options_clear (&o);
  g_free (password_file);
  g_free (tags_text);
  g_free (broker);
  if (!ok && self->tags) {
    gst_structure_free (self->tags);
    self->tags = NULL;
  }
  return ok;
}

static gboolean
gst_mnv2_publish_stop (GstBaseTransform *trans)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (trans);
  Mnv2MqttStats last;
  /* Taken under the lock first: the stats property reads it meanwhile. */
  GST_OBJECT_LOCK (self);
  Mnv2Mqtt *mqtt = self->mqtt;
  self->mqtt = NULL;
  GST_OBJECT_UNLOCK (self);
  if (mqtt) {
    mnv2_mqtt_stop (mqtt, &last);
    GST_OBJECT_LOCK (self);
    self->last_stats = last;
    GST_OBJECT_UNLOCK (self);
  }
  if (self->tags) {
    gst_structure_free (self->tags);
    self->tags = NULL;
  }
  return TRUE;
}

static gboolean
gst_mnv2_publish_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (trans);
  (void) outcaps;
  gst_mnv2_json_video_size (incaps, &self->width, &self->height);
  return TRUE;
}

static GstFlowReturn
gst_mnv2_publish_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (trans);
  GstMnv2JsonInfo info = { self->width, self->height, NULL, self->tags,
    GST_CLOCK_TIME_NONE };

  if (g_atomic_int_get (&self->refused))
    return GST_FLOW_ERROR; /* posted by notify () */
  GST_OBJECT_LOCK (self);
  const gboolean all = self->publish_empty;
  GST_OBJECT_UNLOCK (self);
  if (!all && !gst_mnv2_results_present (buf))
    return GST_FLOW_OK;
  if (trans->segment.format == GST_FORMAT_TIME && GST_BUFFER_PTS_IS_VALID (buf))
    info.timestamp = gst_segment_to_stream_time (&trans->segment,
        GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
  GString *s = g_string_sized_new (1024);
  GST_OBJECT_LOCK (self);
  info.source = self->source;
  gst_mnv2_results_json (s, buf, &info);
  GST_OBJECT_UNLOCK (self);
  const gsize len = s->len;
  mnv2_mqtt_send (self->mqtt, g_string_free (s, FALSE), len);
  return GST_FLOW_OK;
}

static gboolean
gst_mnv2_publish_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (trans);
  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS && self->mqtt) {
    GST_OBJECT_LOCK (self);
    const guint timeout = self->flush_timeout;
    GST_OBJECT_UNLOCK (self);
    if (!mnv2_mqtt_flush (self->mqtt, timeout)) {
      Mnv2MqttStats st;
      mnv2_mqtt_get_stats (self->mqtt, &st);
      GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
          ("%" G_GUINT64_FORMAT
           " results were not published within flush-timeout (%u ms)",
              st.queued, timeout),
          (NULL));
    }
  }
  return GST_BASE_TRANSFORM_CLASS (gst_mnv2_publish_parent_class)
      ->sink_event (trans, event);
}

static GstStructure *
make_stats (GstMnv2Publish *self)
{
  Mnv2MqttStats st;
  if (self->mqtt)
    mnv2_mqtt_get_stats (self->mqtt, &st);
  else
    st = self->last_stats;
  return gst_structure_new ("mnv2publish-stats", "sent", G_TYPE_UINT64, st.sent,
      "published", G_TYPE_UINT64, st.published, "dropped", G_TYPE_UINT64,
      st.dropped, "queued", G_TYPE_UINT64, st.queued, "reconnects",
      G_TYPE_UINT64, st.reconnects, "connected", G_TYPE_BOOLEAN, st.connected,
      NULL);
}

#define STRING_PROP(id, field) \
  case id: \
    g_free (self->field); \
    self->field = g_value_dup_string (value); \
    break

static void
gst_mnv2_publish_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    STRING_PROP (PROP_BROKER, broker);
    STRING_PROP (PROP_TOPIC, topic);
    STRING_PROP (PROP_CLIENT_ID, client_id);
    STRING_PROP (PROP_USERNAME, username);
    STRING_PROP (PROP_PASSWORD_FILE, password_file);
    STRING_PROP (PROP_CA_FILE, ca_file);
    STRING_PROP (PROP_CERT_FILE, cert_file);
    STRING_PROP (PROP_KEY_FILE, key_file);
    STRING_PROP (PROP_SOURCE, source);
    STRING_PROP (PROP_TAGS, tags_text);
    case PROP_QOS: self->qos = g_value_get_int (value); break;
    case PROP_RETAIN: self->retain = g_value_get_boolean (value); break;
    case PROP_KEEPALIVE: self->keepalive = g_value_get_int (value); break;
    case PROP_MAX_QUEUE: self->max_queue = g_value_get_uint (value); break;
    case PROP_FLUSH_TIMEOUT:
      self->flush_timeout = g_value_get_uint (value);
      break;
    case PROP_PUBLISH_EMPTY:
      self->publish_empty = g_value_get_boolean (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_publish_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_BROKER: g_value_set_string (value, self->broker); break;
    case PROP_TOPIC: g_value_set_string (value, self->topic); break;
    case PROP_CLIENT_ID: g_value_set_string (value, self->client_id); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_PASSWORD_FILE:
      g_value_set_string (value, self->password_file);
      break;
    case PROP_CA_FILE: g_value_set_string (value, self->ca_file); break;
    case PROP_CERT_FILE: g_value_set_string (value, self->cert_file); break;
    case PROP_KEY_FILE: g_value_set_string (value, self->key_file); break;
    case PROP_SOURCE: g_value_set_string (value, self->source); break;
    case PROP_TAGS: g_value_set_string (value, self->tags_text); break;
    case PROP_QOS: g_value_set_int (value, self->qos); break;
    case PROP_RETAIN: g_value_set_boolean (value, self->retain); break;
    case PROP_KEEPALIVE: g_value_set_int (value, self->keepalive); break;
    case PROP_MAX_QUEUE: g_value_set_uint (value, self->max_queue); break;
    case PROP_FLUSH_TIMEOUT:
      g_value_set_uint (value, self->flush_timeout);
      break;
    case PROP_PUBLISH_EMPTY:
      g_value_set_boolean (value, self->publish_empty);
      break;
    case PROP_STATS: g_value_take_boxed (value, make_stats (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_publish_finalize (GObject *object)
{
  GstMnv2Publish *self = GST_MNV2_PUBLISH (object);
  g_free (self->broker);
  g_free (self->topic);
  g_free (self->client_id);
  g_free (self->username);
  g_free (self->password_file);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);
  g_free (self->source);
  g_free (self->tags_text);
  G_OBJECT_CLASS (gst_mnv2_publish_parent_class)->finalize (object);
}

static void
install_string (GObjectClass *klass, guint id, const gchar *name,
    const gchar *nick, const gchar *blurb, const gchar *def)
{
  g_object_class_install_property (klass, id,
      g_param_spec_string (name, nick, blurb, def,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
}

static void
install_properties (GObjectClass *gobject_class)
{
  install_string (gobject_class, PROP_BROKER, "broker", "Broker",
      "The MQTT broker: mqtt://HOST[:PORT] (default port 1883) or "
      "mqtts://HOST[:PORT] for TLS (8883)",
      DEFAULT_BROKER);
  install_string (gobject_class, PROP_TOPIC, "topic", "Topic",
      "The topic every message is published to (e.g. site/cam1/results)",
      DEFAULT_TOPIC);
  install_string (gobject_class, PROP_CLIENT_ID, "client-id", "Client id",
      "The MQTT client id; unset: a random one", NULL);
  install_string (gobject_class, PROP_USERNAME, "username", "Username",
      "The user name to log in with; unset: none", NULL);
  install_string (gobject_class, PROP_PASSWORD_FILE, "password-file",
      "Password file",
      "A file whose first line is the password (never "
      "on the command line); unset: none",
      NULL);
  install_string (gobject_class, PROP_CA_FILE, "ca-file", "CA file",
      "mqtts: the PEM file of the CA that signed the broker's certificate; "
      "unset: the system's (/etc/ssl/certs)",
      NULL);
  install_string (gobject_class, PROP_CERT_FILE, "cert-file",
      "Certificate file",
      "mqtts: our client certificate (PEM), with "
      "key-file; unset: none",
      NULL);
  install_string (gobject_class, PROP_KEY_FILE, "key-file", "Key file",
      "mqtts: the private key of cert-file (PEM, unencrypted)", NULL);
  install_string (gobject_class, PROP_SOURCE, "source", "Source",
      "Written as \"source\" in every message (e.g. the camera's URI or "
      "name); unset: left out",
      NULL);
  install_string (gobject_class, PROP_TAGS, "tags", "Tags",
      "Written as the \"tags\" object of every message: key=value pairs "
      "separated by commas, e.g. camera=front,floor=3; unset: left out",
      NULL);
  g_object_class_install_property (gobject_class, PROP_QOS,
      g_param_spec_int ("qos", "QoS",
          "MQTT quality of service: 0 at most "
          "once, 1 at least once, 2 exactly once",
          0, 2, DEFAULT_QOS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_RETAIN,
      g_param_spec_boolean ("retain", "Retain",
          "Ask the broker to keep the "
          "last message for new subscribers",
          FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_KEEPALIVE,
      g_param_spec_int ("keepalive", "Keepalive",
          "Seconds between pings "
          "when idle",
          5, 3600, DEFAULT_KEEPALIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_QUEUE,
      g_param_spec_uint ("max-queue", "Maximum queue",
          "Messages waiting "
          "for the broker, at most; when full the oldest is dropped (and "
          "counted in stats)",
          1, 10000000, DEFAULT_MAX_QUEUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FLUSH_TIMEOUT,
      g_param_spec_uint ("flush-timeout", "Flush timeout",
          "At EOS, wait "
          "this many ms at most for the queued messages to be published",
          0, G_MAXUINT, DEFAULT_FLUSH_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PUBLISH_EMPTY,
      g_param_spec_boolean ("publish-empty", "Publish empty",
          "Publish a "
          "message for every buffer, also those without results",
          FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "sent (messages made), "
          "published (acknowledged by the broker at QoS 1 and 2, written at "
          "0), dropped (pushed out of a full queue, or left when stopped), "
          "queued, reconnects, connected",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
gst_mnv2_publish_class_init (GstMnv2PublishClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_publish_debug, "mnv2publish", 0,
      "analytics results to an MQTT broker");

  gobject_class->set_property = gst_mnv2_publish_set_property;
  gobject_class->get_property = gst_mnv2_publish_get_property;
  gobject_class->finalize = gst_mnv2_publish_finalize;

  install_properties (gobject_class);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Analytics results to MQTT", "Filter/Analyzer",
      "Publishes the analytics results of each buffer as JSON to an MQTT "
      "broker; passes buffers through unchanged. Example: gst-launch-1.0 "
      "v4l2src ! videoconvert ! ssdlitedetect inference-mode=live ! "
      "mnv2publish broker=mqtt://broker.local topic=site/cam1/results ! "
      "fakesink",
      "gst-mnv2 developers");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_mnv2_publish_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_mnv2_publish_stop);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_mnv2_publish_set_caps);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_mnv2_publish_transform_ip);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_mnv2_publish_sink_event);
}

static void
gst_mnv2_publish_init (GstMnv2Publish *self)
{
  self->broker = g_strdup (DEFAULT_BROKER);
  self->topic = g_strdup (DEFAULT_TOPIC);
  self->qos = DEFAULT_QOS;
  self->keepalive = DEFAULT_KEEPALIVE;
  self->max_queue = DEFAULT_MAX_QUEUE;
  self->flush_timeout = DEFAULT_FLUSH_TIMEOUT;
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}
