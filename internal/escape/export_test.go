package escape

// LookupForTest exposes the table's binary search to the tests.
var LookupForTest = lookupLine
