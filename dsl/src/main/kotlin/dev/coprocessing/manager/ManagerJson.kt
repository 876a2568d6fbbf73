package dev.coprocessing.manager

import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull
import kotlinx.serialization.json.longOrNull
import kotlinx.serialization.serializerOrNull

/**
 * A manager's state as JSON, and back. The document:
 * ```json
 * {"coprocessing.manager": 1, "objects": {"counts": {"kind": "dict", "value": {"count": 5}}}}
 * ```
 * A value is written as JSON writes it when it can be: `null`, strings, booleans, numbers (read back as `Int`,
 * else `Long`, else `Double`), lists and other collections (read back as lists), and maps whose keys are all
 * strings not starting with `@` (read back as `LinkedHashMap`s). Anything else carries a tag: a set is
 * `{"@set": [...]}`, another map `{"@map": [[key, value], ...]}`, and an object of a `@Serializable` class (or
 * any class kotlinx-serialization has a serializer for, `Char` included) `{"@class": "its.Class", "value": ...}`,
 * read back by loading that class.
 */
internal object ManagerJson {
    private const val FORMAT = "coprocessing.manager"
    private const val VERSION = 1

    fun encode(objects: List<SavedObject>): String {
        val entries = LinkedHashMap<String, JsonElement>()
        for (saved in objects) {
            val content = when (saved.kind) {
                Kind.DICT -> encodeMap(saved.content as Map<*, *>) { key -> "${saved.kind.label} '${saved.name}', at key ${reprOf(key)}" }
                Kind.NAMESPACE -> encodeMap(saved.content as Map<*, *>) { key -> "namespace '${saved.name}', attribute ${reprOf(key)}" }
                Kind.LIST, Kind.ARRAY -> JsonArray(
                    (saved.content as List<*>).mapIndexed { i, item -> encode(item) { "${saved.kind.label} '${saved.name}', at index $i" } },
                )
                else -> encode(saved.content) { "value '${saved.name}'" }
            }
            entries[saved.name] = JsonObject(mapOf("kind" to JsonPrimitive(saved.kind.label), "value" to content))
        }
        return JsonObject(mapOf(FORMAT to JsonPrimitive(VERSION), "objects" to JsonObject(entries))).toString()
    }

    fun decode(json: String): List<SavedObject> {
        val root = try {
            Json.parseToJsonElement(json)
        } catch (e: SerializationException) {
            throw malformed("it is not JSON (${e.message?.lineSequence()?.firstOrNull()})", e)
        }
        if (root !is JsonObject || root[FORMAT] == null) {
            throw malformed("it is not a manager's snapshot: saveJson() writes an object with \"$FORMAT\" and \"objects\"")
        }
        val version = (root[FORMAT] as? JsonPrimitive)?.intOrNull
        if (version != VERSION) throw malformed("it is version ${root[FORMAT]}, and this library reads version $VERSION")
        val objects = root["objects"] as? JsonObject ?: throw malformed("\"objects\" is missing or not an object")
        return objects.map { (name, entry) ->
            val fields = entry as? JsonObject ?: throw malformed("object '$name' is not a JSON object")
            val label = (fields["kind"] as? JsonPrimitive)?.takeIf { it.isString }?.content
            val kind = label?.let { Kind.ofLabel(it) }
                ?: throw malformed("object '$name' has kind ${fields["kind"]}; a snapshot holds dict, list, namespace, value and array")
            val value = fields["value"] ?: throw malformed("object '$name' has no \"value\"")
            val where = "${kind.label} '$name'"
            val content = when (kind) {
                Kind.DICT, Kind.NAMESPACE -> decode(value, where) as? Map<*, *> ?: throw malformed("$where does not hold a map")
                Kind.LIST, Kind.ARRAY -> decode(value, where) as? List<*> ?: throw malformed("$where does not hold a list")
                else -> decode(value, where)
            }
            if (kind == Kind.NAMESPACE && content is Map<*, *> && content.keys.any { it !is String }) {
                throw malformed("$where has a name that is not a string")
            }
            SavedObject(name, kind, content)
        }
    }

    private fun encodeMap(map: Map<*, *>, where: (Any?) -> String): JsonElement {
        val plain = map.keys.all { it is String && !it.startsWith("@") }
        return if (plain) {
            JsonObject(map.entries.associate { (key, value) -> key as String to encode(value) { where(key) } })
        } else {
            JsonObject(
                mapOf(
                    "@map" to JsonArray(
                        map.entries.map { (key, value) -> JsonArray(listOf(encode(key) { "${where(key)} (the key)" }, encode(value) { where(key) })) },
                    ),
                ),
            )
        }
    }

    private fun encode(value: Any?, where: () -> String): JsonElement = when (value) {
        null -> JsonNull
        is String -> JsonPrimitive(value)
        is Boolean -> JsonPrimitive(value)
        is Int, is Long, is Short, is Byte -> JsonPrimitive(value as Number)
        is Double, is Float -> JsonPrimitive(value as Number)
        is DictProxy<*, *>, is ListProxy<*>, is SharedArray<*> -> throw proxyInSnapshot(value, where)
        is Map<*, *> -> encodeMap(value) { key -> "${where()}, key ${reprOf(key)}" }
        is Set<*> -> JsonObject(mapOf("@set" to JsonArray(value.mapIndexed { i, item -> encode(item) { "${where()}, item $i" } })))
        is Iterable<*> -> JsonArray(value.mapIndexed { i, item -> encode(item) { "${where()}, item $i" } })
        is Array<*> -> JsonArray(value.mapIndexed { i, item -> encode(item) { "${where()}, item $i" } })
        else -> {
            if (isProxy(value)) throw proxyInSnapshot(value, where)
            val serializer = serializerOf(value.javaClass) ?: throw SerializationException(
                "cannot save ${where()} to JSON: it holds a ${value.javaClass.name}, which kotlinx-serialization cannot " +
                    "write; mark its class @Serializable, or store strings, numbers, booleans, null, or lists, sets " +
                    "and maps of them",
            )
            val encoded = try {
                Json.encodeToJsonElement(serializer, value)
            } catch (e: SerializationException) {
                throw SerializationException("cannot save ${where()} to JSON: ${e.message}", e)
            }
            JsonObject(mapOf("@class" to JsonPrimitive(value.javaClass.name), "value" to encoded))
        }
    }

    private fun proxyInSnapshot(value: Any, where: () -> String) = SerializationException(
        "cannot save ${where()} to JSON: it holds a proxy of another managed object (${value.javaClass.simpleName}), " +
            "which a snapshot cannot keep; store its contents instead",
    )

    private fun decode(element: JsonElement, where: String): Any? = when (element) {
        JsonNull -> null
        is JsonPrimitive -> when {
            element.isString -> element.content
            else -> element.booleanOrNull ?: element.intOrNull ?: element.longOrNull ?: element.doubleOrNull
                ?: throw malformed("$where holds ${element.content}, which is not a number")
        }
        is JsonArray -> element.mapIndexedTo(ArrayList()) { i, item -> decode(item, "$where, item $i") }
        is JsonObject -> when {
            element.keys == setOf("@set") -> (element["@set"] as? JsonArray ?: throw malformed("$where: \"@set\" is not a list"))
                .mapIndexedTo(LinkedHashSet()) { i, item -> decode(item, "$where, item $i") }
            element.keys == setOf("@map") -> (element["@map"] as? JsonArray ?: throw malformed("$where: \"@map\" is not a list"))
                .associateTo(LinkedHashMap()) { pair ->
                    val (key, value) = (pair as? JsonArray)?.takeIf { it.size == 2 }
                        ?: throw malformed("$where: an entry of \"@map\" is not a [key, value] pair")
                    decode(key, "$where, a key") to decode(value, "$where, at key $key")
                }
            element.keys == setOf("@class", "value") -> decodeObject(element, where)
            else -> element.entries.associateTo(LinkedHashMap<Any?, Any?>()) { (key, value) -> key to decode(value, "$where, key '$key'") }
        }
    }

    private fun decodeObject(element: JsonObject, where: String): Any? {
        val name = (element["@class"] as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: throw malformed("$where: \"@class\" is not a class name")
        val type = try {
            Class.forName(name, true, Thread.currentThread().contextClassLoader ?: ManagerJson::class.java.classLoader)
        } catch (e: ClassNotFoundException) {
            throw malformed("$where holds an object of class $name, which is not on the class path", e)
        }
        val serializer = serializerOf(type) ?: throw malformed("$where holds a $name, which kotlinx-serialization cannot read")
        return try {
            Json.decodeFromJsonElement(serializer, element["value"]!!)
        } catch (e: SerializationException) {
            throw malformed("$where does not read as a $name (${e.message?.lineSequence()?.firstOrNull()})", e)
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun serializerOf(type: Class<*>): KSerializer<Any>? =
        runCatching { serializerOrNull(type) }.getOrNull() as KSerializer<Any>?

    private fun malformed(why: String, cause: Throwable? = null) =
        IllegalArgumentException("cannot load the manager's state: $why; nothing was loaded, the manager's state is unchanged", cause)
}
