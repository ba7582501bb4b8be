package a

//heaplint:file-ignore fake,other nothing here // want `silences no fake finding in this file` `silences no other finding in this file`

func inC() {}
