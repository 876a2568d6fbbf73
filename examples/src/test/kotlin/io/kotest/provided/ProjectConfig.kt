package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration.Companion.minutes

/** Kotest's project-wide settings for the examples' specs. */
class ProjectConfig : AbstractProjectConfig() {
    /** No example may hang the build. */
    override val timeout = 3.minutes
}
