package io.paperstream.enrich.tagging; final class CorpusMiner {}
