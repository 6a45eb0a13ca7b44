package com.cleanupservice.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an orphan sweep is asked ({@code direct:sweep-orphans}'s body, and an accepted sweep's stored body): the age in
 * hours, and the count of deletions a person confirmed for the whole sweep (null: none), which lets it go past the
 * blast-radius guard. A sweep stored before the guard existed holds the hours alone, and reads as them.
 */
public record SweepRequest(int maxAgeHours, Integer confirmCount) {

    @JsonCreator
    public SweepRequest(@JsonProperty("maxAgeHours") int maxAgeHours, @JsonProperty("confirmCount") Integer confirmCount) {
        this.maxAgeHours = maxAgeHours;
        this.confirmCount = confirmCount;
    }

    /** A sweep as stored before: its hours only. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SweepRequest ofHours(int maxAgeHours) {
        return new SweepRequest(maxAgeHours, null);
    }
}
