package io.kotest.provided

import dev.coprocessing.hazelcast.ClusterLeakCheck
import io.kotest.core.config.AbstractProjectConfig
import io.kotest.core.extensions.Extension
import kotlin.time.Duration.Companion.minutes

/** Kotest's project-wide settings for the cluster module, found by its default name. */
class ProjectConfig : AbstractProjectConfig() {
    override val extensions: List<Extension> = listOf(ClusterLeakCheck)

    /** No test may hang the build: each fails after this long, with Kotest naming it. */
    override val timeout = 2.minutes
}
