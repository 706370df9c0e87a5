// The fake Google and Microsoft land here (see the open issues).
export {};
